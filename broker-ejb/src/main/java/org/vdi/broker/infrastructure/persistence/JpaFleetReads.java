package org.vdi.broker.infrastructure.persistence;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.application.metrics.FleetReads;
import org.vdi.broker.application.metrics.FleetSnapshot;

/** The fleet gauges' reads: plain grouped SQL, no entity is loaded or locked. */
@Stateless
public class JpaFleetReads implements FleetReads {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    // NOTE: no transaction of its own: reads at READ COMMITTED, each statement its own
    // snapshot; a scrape never holds a lock or waits for one.
    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Set<String> poolNames() {
        List<?> rows = em.createNativeQuery("SELECT name FROM pool ORDER BY name").getResultList();
        return rows.stream().map(String::valueOf).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<FleetSnapshot.Count> desktopsByPoolAndState() {
        List<?> rows = em.createNativeQuery("""
                SELECT p.name, d.state, count(*)
                  FROM desktop d JOIN pool p ON p.id = d.pool_id
                 GROUP BY p.name, d.state
                """).getResultList();
        return rows.stream().map(r -> (Object[]) r)
                .map(r -> new FleetSnapshot.Count(String.valueOf(r[0]), String.valueOf(r[1]),
                        ((Number) r[2]).longValue()))
                .toList();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<String, String> leaseOwners() {
        List<?> rows = em.createNativeQuery("""
                SELECT p.name, l.owner
                  FROM pool_lease l JOIN pool p ON p.id = l.pool_id
                 WHERE l.expires_at > now()
                """).getResultList();
        Map<String, String> owners = new LinkedHashMap<>();
        for (Object r : rows) {
            Object[] row = (Object[]) r;
            owners.put(String.valueOf(row[0]), String.valueOf(row[1]));
        }
        return owners;
    }
}
