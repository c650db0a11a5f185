package org.vdi.broker.infrastructure.persistence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.assignment.Assignment;
import org.vdi.broker.domain.model.assignment.AssignmentRepository;

@ApplicationScoped
public class JpaAssignmentRepository implements AssignmentRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<Assignment> find(UUID id) {
        return Optional.ofNullable(em.find(Assignment.class, id));
    }

    @Override
    public Optional<Assignment> findActiveByDesktop(UUID desktopId) {
        return em.createQuery("select a from Assignment a where a.desktop.id = :d and a.releasedAt is null",
                Assignment.class).setParameter("d", desktopId).getResultStream().findFirst();
    }

    @Override
    public List<Assignment> findActiveByUser(String user) {
        return em.createQuery("select a from Assignment a where a.userName = :u and a.releasedAt is null"
                + " order by a.createdAt", Assignment.class).setParameter("u", user).getResultList();
    }

    @Override
    public List<Assignment> findActiveByUserAndPool(String user, UUID poolId) {
        return em.createQuery("select a from Assignment a where a.userName = :u and a.poolId = :p"
                + " and a.releasedAt is null order by a.createdAt", Assignment.class)
                .setParameter("u", user).setParameter("p", poolId).getResultList();
    }

    @Override
    public List<Assignment> findActiveByPool(UUID poolId) {
        return em.createQuery("select a from Assignment a where a.poolId = :p and a.releasedAt is null",
                Assignment.class).setParameter("p", poolId).getResultList();
    }

    @Override
    public void add(Assignment assignment) {
        em.persist(assignment);
    }

    // NOTE: a transaction-scoped advisory lock: released at commit or rollback,
    // so it can never leak; two keys (pool, user) keep collisions harmless.
    @Override
    public void lockUserInPool(String user, UUID poolId) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(?1), hashtext(?2))) l")
                .setParameter(1, poolId.toString()).setParameter(2, user).getSingleResult();
    }
}
