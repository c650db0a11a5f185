package org.vdi.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Pages are not signed in yet: requests outside the API pass through anonymous,
 * and any page that required a role would answer 403. Replaced by the OpenID
 * Connect sign-in for pages.
 */
@ApplicationScoped
public class NoPageAuthentication implements PageAuthentication {

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        return context.doNothing();
    }
}
