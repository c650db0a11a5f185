package org.vdi.broker.infrastructure.persistence;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;

@ApplicationScoped
public class JpaDesktopRepository implements DesktopRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<Desktop> find(UUID id) {
        return Optional.ofNullable(em.find(Desktop.class, id));
    }

    @Override
    public Optional<Desktop> lock(UUID id) {
        // NOTE: only the desktop's row is locked. em.find(..., PESSIMISTIC_WRITE) also locked
        // the eagerly fetched pool and checked its version, so a pool monitor taking the next
        // desktop number (which bumps the pool's version) made an unrelated desktop step fail
        // with an OptimisticLockException. The row lock holds until the transaction ends.
        List<?> rows = em.createNativeQuery("SELECT id FROM desktop WHERE id = ? FOR NO KEY UPDATE")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Desktop d = em.find(Desktop.class, id);
        if (d != null) {
            em.refresh(d); // a copy read earlier in this transaction predates the lock
        }
        return Optional.ofNullable(d);
    }

    @Override
    public void flush() {
        em.flush();
    }

    @Override
    public Optional<Desktop> findByName(String name) {
        return em.createQuery("select d from Desktop d where d.name = :n", Desktop.class)
                .setParameter("n", name).getResultStream().findFirst();
    }

    @Override
    public List<Desktop> findByPool(UUID poolId) {
        return em.createQuery("select d from Desktop d where d.pool.id = :p order by d.number", Desktop.class)
                .setParameter("p", poolId).getResultList();
    }

    @Override
    public List<Desktop> findByHost(UUID hostId) {
        return em.createQuery("select d from Desktop d where d.host.id = :h order by d.name", Desktop.class)
                .setParameter("h", hostId).getResultList();
    }

    @Override
    public List<Desktop> search(UUID poolId, DesktopState state, String user, int max) {
        StringBuilder q = new StringBuilder("select d from Desktop d where 1 = 1");
        if (poolId != null) {
            q.append(" and d.pool.id = :p");
        }
        if (state != null) {
            q.append(" and d.state = :s");
        }
        if (user != null) {
            q.append(" and d.assignedTo = :u");
        }
        q.append(" order by d.name");
        TypedQuery<Desktop> tq = em.createQuery(q.toString(), Desktop.class);
        if (poolId != null) {
            tq.setParameter("p", poolId);
        }
        if (state != null) {
            tq.setParameter("s", state);
        }
        if (user != null) {
            tq.setParameter("u", user);
        }
        return tq.setMaxResults(Math.max(1, Math.min(max, 5000))).getResultList();
    }

    @Override
    public Map<DesktopState, Long> countByState(UUID poolId) {
        Map<DesktopState, Long> counts = new EnumMap<>(DesktopState.class);
        for (DesktopState s : DesktopState.values()) {
            counts.put(s, 0L);
        }
        em.createQuery("select d.state, count(d) from Desktop d where d.pool.id = :p group by d.state", Object[].class)
                .setParameter("p", poolId)
                .getResultList()
                .forEach(row -> counts.put((DesktopState) row[0], (Long) row[1]));
        return counts;
    }

    @Override
    public long countOnHost(UUID hostId) {
        return em.createQuery("select count(d) from Desktop d where d.host.id = :h", Long.class)
                .setParameter("h", hostId).getSingleResult();
    }

    @Override
    public long memoryOnHost(UUID hostId) {
        Long sum = em.createQuery("select sum(d.pool.memoryMib) from Desktop d where d.host.id = :h", Long.class)
                .setParameter("h", hostId).getSingleResult();
        return sum == null ? 0 : sum;
    }

    // NOTE: the caller's transaction holds the row lock until it commits; with
    // SKIP LOCKED, a concurrent caller never waits on it and takes the next row.
    // Native SQL on purpose: with the entity's eager joins Hibernate would fall
    // back to "follow-on locking" (select first, lock later), which loses the
    // skip-locked guarantee.
    @Override
    public Optional<Desktop> lockOneFree(UUID poolId, DesktopState state) {
        List<?> ids = em.createNativeQuery("""
                select id from desktop
                 where pool_id = ?1 and state = ?2 and assigned_to is null
                 order by number
                 limit 1
                 for update skip locked
                """).setParameter(1, poolId).setParameter(2, state.name()).getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Object id = ids.get(0);
        return find(id instanceof UUID u ? u : UUID.fromString(id.toString()));
    }

    @Override
    public List<Desktop> findHeldBy(UUID poolId, String user) {
        return em.createQuery("select d from Desktop d where d.pool.id = :p and d.assignedTo = :u order by d.number",
                Desktop.class).setParameter("p", poolId).setParameter("u", user).getResultList();
    }

    @Override
    public void add(Desktop desktop) {
        em.persist(desktop);
    }

    @Override
    public void remove(Desktop desktop) {
        em.remove(em.contains(desktop) ? desktop : em.merge(desktop));
    }
}
