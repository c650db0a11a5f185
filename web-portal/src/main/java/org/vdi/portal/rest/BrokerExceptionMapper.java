package org.vdi.portal.rest;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJBException;
import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * The one place that turns an exception into the API's JSON error
 * {@code {code, message}}. Broker errors keep their code and message; anything
 * unexpected is logged with its stack trace and shown as internal_error only.
 */
@Provider
public class BrokerExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(BrokerExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof BrokerException be) {
            if (be.code().httpStatus() >= 500) {
                LOG.log(Level.WARNING, "{0}: {1}", new Object[] {be.code().code(), be.getMessage()});
            } else {
                LOG.log(Level.FINE, "{0}: {1}", new Object[] {be.code().code(), be.getMessage()});
            }
            return error(be.code().httpStatus(), be.code().code(), be.getMessage(), be.field().orElse(null));
        }
        if (e instanceof jakarta.validation.ConstraintViolationException cve) {
            String msg = cve.getConstraintViolations().stream()
                    .map(v -> leaf(v.getPropertyPath()) + " " + v.getMessage())
                    .sorted().reduce((a, b) -> a + "; " + b).orElse("invalid input");
            String field = cve.getConstraintViolations().stream()
                    .map(v -> leaf(v.getPropertyPath())).sorted().findFirst().orElse(null);
            return error(400, ErrorCode.INVALID_INPUT.code(), msg, field);
        }
        if (e instanceof WebApplicationException wae) {
            int status = wae.getResponse().getStatus();
            return error(status, codeFor(status), e.getMessage());
        }
        LOG.log(Level.SEVERE, "Unexpected error in the REST API", e);
        return error(500, ErrorCode.INTERNAL_ERROR.code(), "internal error; see the server log");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof EJBException || e instanceof jakarta.transaction.RollbackException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_INPUT.code();
            case 401 -> ErrorCode.UNAUTHENTICATED.code();
            case 403 -> ErrorCode.FORBIDDEN.code();
            case 404 -> ErrorCode.NOT_FOUND.code();
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> ErrorCode.CONFLICT.code();
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR.code() : "http_" + status;
        };
    }

    /** The last name of a property path ("register.arg0.name" gives "name"), as the request spells it. */
    static String leaf(jakarta.validation.Path path) {
        String last = null;
        for (jakarta.validation.Path.Node n : path) {
            if (n.getName() != null) {
                last = n.getName();
            }
        }
        return last;
    }

    static Response error(int status, String code, String message) {
        return error(status, code, message, null);
    }

    /**
     * The JSON error; {@code field}, when given, names the request field at fault
     * so a form can show the message beside it.
     */
    static Response error(int status, String code, String message, String field) {
        jakarta.json.JsonObjectBuilder b = Json.createObjectBuilder()
                .add("code", code)
                .add("message", message == null ? code : message);
        if (field != null) {
            b.add("field", field);
        }
        String body = b.build().toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
