package org.vdi.portal.rest;

import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.vdi.broker.application.ConsoleSessionService;
import org.vdi.console.tunnel.SessionRegistry;
import org.vdi.portal.security.UserSignedOut;

/**
 * Consoles hang on the sign-in they were opened from: when it ends (sign-out in
 * the portal, or Keycloak's back-channel logout), its consoles close and its
 * unused tickets stop working. The consoles of this application's own
 * console-proxy close at once, with the sign-out's message, before the page
 * session ends (the WebSocket container closes a socket whose HTTP session
 * ends, with no word of why); other console-proxy nodes close theirs at their
 * next poll.
 */
@ApplicationScoped
public class ConsoleSignOut {

    private static final Logger LOG = Logger.getLogger(ConsoleSignOut.class.getName());

    @EJB
    ConsoleSessionService sessions;

    @Inject
    SessionRegistry consoles;

    void on(@Observes UserSignedOut event) {
        try {
            Map<UUID, String> closing = sessions.signedOut(event.user(), event.sessionId());
            if (!closing.isEmpty()) {
                LOG.log(Level.INFO, "Sign-out of {0}: {1} consoles closing",
                        new Object[] {event.user(), closing.size()});
                consoles.closeNow(closing);
            }
            // then the SPICE viewers, which hold their passwords themselves
            sessions.lockDisplays(closing.keySet(), event.user(), event.user() == null ? "unknown" : event.user(),
                    "signed out");
        } catch (RuntimeException e) {
            // the sign-out itself must not fail because of consoles
            LOG.log(Level.SEVERE, "Closing the consoles of a signed-out session failed", e);
        }
    }
}
