package org.vdi.broker.infrastructure.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.console.ConsoleSession;
import org.vdi.broker.domain.model.console.ConsoleSessionRepository;

@ApplicationScoped
public class JpaConsoleSessionRepository implements ConsoleSessionRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<ConsoleSession> find(UUID id) {
        return Optional.ofNullable(em.find(ConsoleSession.class, id));
    }

    @Override
    public void lockFresh(ConsoleSession session) {
        em.refresh(session, LockModeType.PESSIMISTIC_WRITE);
    }

    @Override
    public void add(ConsoleSession session) {
        em.persist(session);
    }

    @Override
    public List<ConsoleSession> list(boolean all, int max) {
        String q = "select s from ConsoleSession s" + (all ? "" : " where s.endedAt is null")
                + " order by s.startedAt desc, s.id";
        return em.createQuery(q, ConsoleSession.class)
                .setMaxResults(Math.max(1, Math.min(max, 5000))).getResultList();
    }

    @Override
    public List<ConsoleSession> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select s from ConsoleSession s where s.id in :ids", ConsoleSession.class)
                .setParameter("ids", ids).getResultList();
    }

    @Override
    public List<ConsoleSession> findLiveOf(String user, String loginSession) {
        if (loginSession != null) {
            return em.createQuery("select s from ConsoleSession s where s.loginSession = :l and s.endedAt is null",
                    ConsoleSession.class).setParameter("l", loginSession).getResultList();
        }
        return em.createQuery("select s from ConsoleSession s where s.userName = :u and s.endedAt is null",
                ConsoleSession.class).setParameter("u", user).getResultList();
    }

    @Override
    public long countLiveOnDesktop(UUID desktopId) {
        return em.createQuery("select count(s) from ConsoleSession s where s.desktopId = :d and s.endedAt is null",
                Long.class).setParameter("d", desktopId).getSingleResult();
    }

    @Override
    public void seen(Collection<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        // a bulk update without version increment: "still there" is no change
        // that should make a concurrent end or termination fail
        em.createQuery("update ConsoleSession s set s.seenAt = :now where s.id in :ids and s.endedAt is null")
                .setParameter("now", now).setParameter("ids", ids).executeUpdate();
    }

    @Override
    public List<ConsoleSession> findLiveNotSeenSince(Instant since) {
        return em.createQuery("select s from ConsoleSession s where s.endedAt is null and s.seenAt < :since",
                ConsoleSession.class).setParameter("since", since).setMaxResults(100).getResultList();
    }

    // NOTE: native on purpose: it moves last_activity without touching the
    // assignment's version, so a release running at the same moment never
    // fails with an optimistic-lock conflict because a console was busy.
    @Override
    public void touchAssignments(Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                update assignment set last_activity = now()
                 where released_at is null and last_activity < now()
                   and id in (select s.assignment_id from console_session s where s.id in (?1))
                """)
                .setParameter(1, List.copyOf(sessionIds))
                .executeUpdate();
    }
}
