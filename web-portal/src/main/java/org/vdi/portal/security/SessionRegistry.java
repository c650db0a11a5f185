package org.vdi.portal.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpSession;

/**
 * The signed-in page sessions of this node by id, so that a back-channel logout,
 * which names a Keycloak session (sid) or user (sub), can find and end them. The
 * session listener forgets a session when it ends for any reason.
 *
 * <p>Only this node's sessions: a cluster of portal nodes would need Keycloak to
 * reach every node, or a shared revocation list.
 */
@ApplicationScoped
public class SessionRegistry {

    private record Entry(HttpSession session, String sid, String subject, String user) {
    }

    /** A session found for a logout, with the user it was signed in as. */
    public record Found(HttpSession session, String user, String sid, String subject) {
    }

    // NOTE: touched by request threads (sign-in), the container's session expiry
    // thread (forget) and back-channel logout; a concurrent map, no lock held while
    // a session is invalidated.
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    public void register(HttpSession session, SignedInUser user) {
        sessions.put(session.getId(), new Entry(session, user.sessionId(), user.subject(), user.name()));
    }

    public void forget(String sessionId) {
        sessions.remove(sessionId);
    }

    /** The container gave a session a new id (session fixation defence). */
    public void renamed(String oldId, String newId) {
        Entry e = sessions.remove(oldId);
        if (e != null) {
            sessions.put(newId, e);
        }
    }

    /**
     * The sessions a logout token names: by Keycloak session when it has a sid
     * (then also the subject must match, when both are given), else all sessions
     * of the subject.
     */
    public List<Found> find(String sid, String subject) {
        return sessions.values().stream()
                .filter(e -> sid != null
                        ? sid.equals(e.sid()) && (subject == null || e.subject() == null || subject.equals(e.subject()))
                        : subject != null && subject.equals(e.subject()))
                .map(e -> new Found(e.session(), e.user(), e.sid(), e.subject()))
                .toList();
    }

    public int size() {
        return sessions.size();
    }
}
