package org.vdi.portal.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes the API's JSON error {code, message} straight to the servlet response,
 * for the refusals that happen before JAX-RS and its exception mapper are reached.
 */
final class ApiErrorResponse {

    private ApiErrorResponse() {
    }

    static void send(HttpServletResponse response, int status, String code, String message) {
        String body = Json.createObjectBuilder().add("code", code).add("message", message).build().toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        try {
            response.getOutputStream().write(bytes);
            // NOTE: committing the response here keeps the container from replacing
            // our JSON with its own HTML error page after the mechanism returns.
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the error response", e);
        }
    }
}
