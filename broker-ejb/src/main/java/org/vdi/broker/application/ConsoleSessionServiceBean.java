package org.vdi.broker.application;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.vdi.broker.config.ConsoleConfig;
import org.vdi.broker.domain.model.assignment.Assignment;
import org.vdi.broker.domain.model.assignment.AssignmentRepository;
import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.console.ConsoleSession;
import org.vdi.broker.domain.model.console.ConsoleSessionRepository;
import org.vdi.broker.domain.model.console.ConsoleTicketRepository;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

@Stateless
public class ConsoleSessionServiceBean implements ConsoleSessionService {

    /** What the user reads when an administrator ended their console. */
    public static final String TERMINATED = "terminated by an administrator";
    static final String RELEASED = "the desktop was released";
    static final String SIGNED_OUT = "you signed out";
    static final String ENDED = "the console session has ended";

    @Inject
    ConsoleSessionRepository sessions;

    @Inject
    AssignmentRepository assignments;

    @Inject
    ConsoleTicketRepository tickets;

    @Inject
    DesktopRepository desktops;

    @Inject
    AuditTrail audit;

    @Inject
    ConsoleConfig config;

    @Inject
    DisplayLocks displays;

    @Override
    public List<ConsoleSession> list(boolean all, int max) {
        return sessions.list(all, max);
    }

    @Override
    public ConsoleSession terminate(UUID sessionId, Caller caller) {
        ConsoleSession s = sessions.find(sessionId)
                .orElseThrow(() -> BrokerException.notFound("console session", sessionId));
        sessions.lockFresh(s);
        if (!s.live()) {
            throw new BrokerException(ErrorCode.INVALID_STATE, "console session " + sessionId + " has already ended");
        }
        if (s.terminate(caller.name(), Instant.now())) {
            audit.record(caller.name(), "console.terminate", "desktop", idOf(s.desktopId()), Outcome.SUCCESS,
                    s.desktopName() + ": console session " + s.id() + " of " + s.userName());
        }
        return s;
    }

    @Override
    public Map<UUID, String> signedOut(String user, String loginSession) {
        if ((user == null || user.isBlank()) && (loginSession == null || loginSession.isBlank())) {
            return Map.of();
        }
        String sid = loginSession == null || loginSession.isBlank() ? null : loginSession;
        int burnt = tickets.burnAll(user, sid);
        Map<UUID, String> closing = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (ConsoleSession s : sessions.findLiveOf(user, sid)) {
            sessions.lockFresh(s);
            if (s.signedOut(now)) {
                closing.put(s.id(), SIGNED_OUT);
            }
        }
        int n = closing.size();

        if (n > 0 || burnt > 0) {
            audit.record(user == null ? "unknown" : user, "console.sign-out", null, null, Outcome.SUCCESS,
                    "sign-in " + (sid == null ? "(all)" : sid) + " ended: " + n + " consoles closing, " + burnt
                            + " tickets void");
        }
        return closing;
    }

    @Override
    public void lockDisplays(Collection<UUID> sessionIds, String holder, String actor, String why) {
        Set<UUID> desktopIds = new HashSet<>();
        sessions.findAll(sessionIds).forEach(s -> desktopIds.add(s.desktopId()));
        if (holder != null && !holder.isBlank()) {
            // viewers opened from a .vv file have no console session: every desktop the user holds
            assignments.findActiveByUser(holder).forEach(a -> desktopIds.add(a.desktop().id()));
        }
        displays.lockAll(desktopIds, actor, why);
    }

    @Override
    public void end(UUID sessionId, long bytesIn, long bytesOut, String reason) {
        sessions.find(sessionId).ifPresent(s -> close(s, bytesIn, bytesOut, reason));
    }

    private void close(ConsoleSession s, long bytesIn, long bytesOut, String reason) {
        if (s.desktopId() != null) {
            // NOTE: the desktop row lock orders this end against a console opening on the same desktop
            desktops.lock(s.desktopId());
        }
        sessions.lockFresh(s);
        if (!s.end(bytesIn, bytesOut, reason, Instant.now())) {
            return;
        }
        sessions.touchAssignments(List.of(s.id()));
        if (s.desktopId() != null) {
            desktops.find(s.desktopId()).filter(d -> d.state() == DesktopState.IN_USE)
                    .filter(d -> sessions.countLiveOnDesktop(d.id()) == 0)
                    .ifPresent(d -> d.moveTo(DesktopState.ASSIGNED, "console closed"));
        }
        audit.record(s.userName(), "console.close", "desktop", idOf(s.desktopId()), Outcome.SUCCESS,
                s.desktopName() + ": console session " + s.id() + " ended (" + s.endReason() + "), "
                        + s.bytesIn() + " bytes in, " + s.bytesOut() + " bytes out");
    }

    @Override
    public Map<UUID, String> poll(Collection<UUID> live, Collection<UUID> active) {
        Instant now = Instant.now();
        Set<UUID> ids = new HashSet<>(live);
        sessions.seen(ids, now);
        sessions.touchAssignments(active.stream().filter(ids::contains).toList());
        for (ConsoleSession lost : sessions.findLiveNotSeenSince(now.minusSeconds(config.sessionLostSeconds()))) {
            if (!ids.contains(lost.id())) {
                close(lost, lost.bytesIn(), lost.bytesOut(), "lost: no console-proxy reported it");
            }
        }
        Map<UUID, String> close = new LinkedHashMap<>();
        Set<UUID> known = new HashSet<>();
        for (ConsoleSession s : sessions.findAll(ids)) {
            known.add(s.id());
            String why = reasonToClose(s);
            if (why != null) {
                close.put(s.id(), why);
            }
        }
        for (UUID id : ids) {
            if (!known.contains(id)) {
                close.put(id, ENDED);
            }
        }
        return close;
    }

    private String reasonToClose(ConsoleSession s) {
        if (s.terminatedAt() != null) {
            return s.endedBySignOut() ? SIGNED_OUT : TERMINATED;
        }
        if (!s.live()) {
            return ENDED;
        }
        boolean held = s.assignmentId() != null && assignments.find(s.assignmentId())
                .filter(Assignment::active).filter(a -> a.userName().equals(s.userName())).isPresent();
        return held ? null : RELEASED;
    }

    private static String idOf(UUID id) {
        return id == null ? null : id.toString();
    }
}
