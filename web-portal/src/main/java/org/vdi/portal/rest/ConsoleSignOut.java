package org.vdi.portal.rest;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.vdi.broker.application.ConsoleSessionService;
import org.vdi.portal.security.UserSignedOut;

/**
 * Consoles hang on the sign-in they were opened from: when it ends (sign-out in
 * the portal, or Keycloak's back-channel logout), its consoles close and its
 * unused tickets stop working.
 */
@ApplicationScoped
public class ConsoleSignOut {

    private static final Logger LOG = Logger.getLogger(ConsoleSignOut.class.getName());

    @EJB
    ConsoleSessionService sessions;

    void on(@Observes UserSignedOut event) {
        try {
            int n = sessions.signedOut(event.user(), event.sessionId());
            if (n > 0) {
                LOG.log(Level.INFO, "Sign-out of {0}: {1} consoles closing", new Object[] {event.user(), n});
            }
        } catch (RuntimeException e) {
            // the sign-out itself must not fail because of consoles
            LOG.log(Level.SEVERE, "Closing the consoles of a signed-out session failed", e);
        }
    }
}
