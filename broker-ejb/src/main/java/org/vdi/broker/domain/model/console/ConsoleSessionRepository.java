package org.vdi.broker.domain.model.console;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface ConsoleSessionRepository {

    Optional<ConsoleSession> find(UUID id);

    void add(ConsoleSession session);

    /** Newest first; only live ones unless {@code all}. */
    List<ConsoleSession> list(boolean all, int max);

    List<ConsoleSession> findAll(Collection<UUID> ids);

    /**
     * Live sessions of a sign-in: of this login session when given, else all of
     * the user's.
     */
    List<ConsoleSession> findLiveOf(String user, String loginSession);

    /** Live sessions on the desktop. */
    long countLiveOnDesktop(UUID desktopId);

    /**
     * Reads the session again with its row locked until the transaction ends,
     * before it changes: a session's end, its termination, a sign-out and the
     * lost-session sweep may come at once, and each must see the others' outcome
     * rather than fail on a stale version (a failed end left a session live).
     */
    void lockFresh(ConsoleSession session);

    /** Notes that a console-proxy still holds these live sessions. */
    void seen(Collection<UUID> ids, Instant now);

    /** Live sessions no console-proxy has mentioned since the given time. */
    List<ConsoleSession> findLiveNotSeenSince(Instant since);

    /**
     * Moves the last activity of the assignments behind these sessions forward
     * to now (the database's clock), so the pool's idle timeout does not release a desktop
     * whose console is in use.
     */
    void touchAssignments(Collection<UUID> sessionIds);
}
