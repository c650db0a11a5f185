package org.vdi.portal.web;

import java.util.EnumSet;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import org.vdi.portal.security.SessionRegistry;
import org.vdi.portal.security.SignInSettings;

/**
 * The page session's cookie and its bookkeeping. The cookie is the only way a
 * session is tracked (never a URL parameter), is out of reach of scripts
 * (HttpOnly), goes only to this site's own top-level navigations and requests
 * (SameSite=Lax; the sign-in redirect back from Keycloak is a top-level GET, so it
 * still carries it), and is Secure when the portal's public address is https.
 * Ended sessions leave the {@link SessionRegistry} that back-channel logout uses.
 */
@WebListener
public class SessionListener implements ServletContextListener, HttpSessionListener, HttpSessionIdListener {

    static final String COOKIE_NAME = "VDI_SESSION";

    @Inject
    SessionRegistry registry;

    @Inject
    SignInSettings settings;

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        sce.getServletContext().setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
        SessionCookieConfig cookie = sce.getServletContext().getSessionCookieConfig();
        // its own name, so it never mixes with the console application's session on the same host
        cookie.setName(COOKIE_NAME);
        cookie.setHttpOnly(true);
        cookie.setSecure(settings.publicUrl().map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false));
        // Payara ignores this for session cookies; SessionCookie adds it where the session is made
        cookie.setAttribute("SameSite", "Lax");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
        registry.forget(se.getSession().getId());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        registry.renamed(oldSessionId, event.getSession().getId());
    }
}
