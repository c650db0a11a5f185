package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class PortalAuthenticationMechanismTest {

    /** A request as the container maps it: servlet path and path info, already decoded. */
    private static HttpServletRequest request(String servletPath, String pathInfo) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void routesTheRestApiToBearerTokens() {
        assertTrue(PortalAuthenticationMechanism.isApi(request("/api/v1", "/me")));
        assertTrue(PortalAuthenticationMechanism.isApi(request("/api/v1", null)));
        assertTrue(PortalAuthenticationMechanism.isApi(request("/api", null)));
        assertTrue(PortalAuthenticationMechanism.isApi(request("", "/api/v2/anything")));
    }

    @Test
    void leavesPagesToThePageSignIn() {
        assertFalse(PortalAuthenticationMechanism.isApi(request("/index.html", null)));
        assertFalse(PortalAuthenticationMechanism.isApi(request("", "/")));
        assertFalse(PortalAuthenticationMechanism.isApi(request("/apidocs", null)));
        assertFalse(PortalAuthenticationMechanism.isApi(request("/pages", "/api/x")));
    }

    @Test
    void letsOnlyTheInternalApiThroughToItsOwnKeyCheck() {
        assertTrue(PortalAuthenticationMechanism.isInternal(request("/api/v1", "/internal/console-tickets/redeem")));
        assertTrue(PortalAuthenticationMechanism.isInternal(request("", "/api/v1/internal")));
        assertFalse(PortalAuthenticationMechanism.isInternal(request("/api/v1", "/internals")));
        assertFalse(PortalAuthenticationMechanism.isInternal(request("/api/v1", "/desktops/internal")));
        assertFalse(PortalAuthenticationMechanism.isInternal(request("/api/v2", "/internal/x")));
        assertFalse(PortalAuthenticationMechanism.isInternal(request("/pages", "/api/v1/internal")));
    }

    @Test
    void routesPayarasMetricsEndpointToBearerTokensOnly() {
        assertTrue(PortalAuthenticationMechanism.isMetrics(request("/metrics", null)));
        assertTrue(PortalAuthenticationMechanism.isMetrics(request("/metrics", "/")));
        assertTrue(PortalAuthenticationMechanism.isMetrics(request("", "/metrics/application")));
        assertFalse(PortalAuthenticationMechanism.isMetrics(request("/metricsx", null)));
        assertFalse(PortalAuthenticationMechanism.isMetrics(request("/admin", "/metrics")));
        assertFalse(PortalAuthenticationMechanism.isApi(request("/metrics", null)));
    }
}
