package org.vdi.broker.infrastructure.persistence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolRepository;

@Stateless
public class JpaPoolRepository implements PoolRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<Pool> find(UUID id) {
        return Optional.ofNullable(em.find(Pool.class, id));
    }

    @Override
    public Optional<Pool> lock(UUID id) {
        // NOTE: the row lock first, then a fresh read. em.find(..., PESSIMISTIC_WRITE) on a
        // pool this transaction had already read (through a desktop, say) compared the old
        // version with the row's and failed with an OptimisticLockException whenever the
        // pool monitor had taken a desktop number in between.
        List<?> rows = em.createNativeQuery("SELECT id FROM pool WHERE id = ? FOR NO KEY UPDATE")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Pool p = em.find(Pool.class, id);
        if (p != null) {
            em.refresh(p);
        }
        return Optional.ofNullable(p);
    }

    @Override
    public Optional<Pool> findByName(String name) {
        return em.createQuery("select p from Pool p where p.name = :n", Pool.class)
                .setParameter("n", name).getResultStream().findFirst();
    }

    @Override
    public List<Pool> findAll() {
        return em.createQuery("select p from Pool p order by p.name", Pool.class).getResultList();
    }

    @Override
    public void add(Pool pool) {
        em.persist(pool);
    }

    @Override
    public void remove(Pool pool) {
        em.remove(pool);
    }

    // NOTE: its own transaction, so the lease is visible to other nodes at once
    // and a failure in the caller's work does not give the lease back early.
    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean acquireLease(UUID poolId, String owner, int seconds) {
        int n = em.createNativeQuery("""
                insert into pool_lease (pool_id, owner, expires_at)
                values (?1, ?2, now() + make_interval(secs => ?3))
                on conflict (pool_id) do update
                   set owner = excluded.owner, expires_at = excluded.expires_at
                 where pool_lease.owner = excluded.owner or pool_lease.expires_at < now()
                """).setParameter(1, poolId).setParameter(2, owner).setParameter(3, seconds).executeUpdate();
        return n == 1;
    }
}
