package org.vdi.portal.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import org.vdi.broker.application.Caller;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * Who sent the current request, for REST resources and (later) page beans to
 * hand to the broker services. The authentication mechanism records the caller
 * on the servlet request, which lives exactly as long as the request and exists
 * before CDI's request scope is sure to be active; this bean only reads it.
 */
@RequestScoped
public class CurrentCaller {

    private static final String ATTRIBUTE = CurrentCaller.class.getName() + ".caller";

    @Inject
    HttpServletRequest request;

    /**
     * The signed-in caller.
     *
     * @throws BrokerException unauthenticated, when no mechanism signed the request in
     */
    public Caller caller() {
        return find().orElseThrow(() -> new BrokerException(ErrorCode.UNAUTHENTICATED, "not signed in"));
    }

    public Optional<Caller> find() {
        return request.getAttribute(ATTRIBUTE) instanceof Caller c ? Optional.of(c) : Optional.empty();
    }

    /** Called by the authentication mechanism once it has established who is calling. */
    static void establish(HttpServletRequest request, Caller caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }
}
