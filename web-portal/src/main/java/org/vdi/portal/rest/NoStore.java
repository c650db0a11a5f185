package org.vdi.portal.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.ResponseBuilder;

/**
 * {@code Cache-Control: no-store} for answers that carry a ticket or a
 * password: no browser or proxy cache may keep them, even privately, as the
 * secret would outlive its use there. One place, so every such answer says
 * exactly the same.
 */
final class NoStore {

    static final String VALUE = "no-store";

    private NoStore() {
    }

    static ResponseBuilder on(ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, VALUE);
    }
}
