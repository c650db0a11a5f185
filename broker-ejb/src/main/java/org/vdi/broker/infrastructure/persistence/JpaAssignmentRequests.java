package org.vdi.broker.infrastructure.persistence;

import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.assignment.Assignment;
import org.vdi.broker.domain.model.assignment.AssignmentRequests;

@Stateless
public class JpaAssignmentRequests implements AssignmentRequests {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    // NOTE: requested_at is now(), the start of the assigning transaction, and ready_at
    // clock_timestamp(), the moment of this statement: a warm spare's time to desktop is
    // the broker's own time to hand it out.
    @Override
    public void assigned(Assignment a, boolean ready) {
        em.createNativeQuery("""
                insert into assignment_request (pool_id, user_name, desktop_id, assignment_id, requested_at,
                                                ready_at, outcome)
                values (?1, ?2, ?3, ?4, now(), case when ?5 then clock_timestamp() end, 'ASSIGNED')
                """).setParameter(1, a.poolId()).setParameter(2, a.userName()).setParameter(3, a.desktop().id())
                .setParameter(4, a.id()).setParameter(5, ready).executeUpdate();
    }

    // NOTE: a new transaction, because the refusal is followed by an exception that
    // rolls back the caller's transaction, and the refusal must still be counted.
    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void refusedApart(UUID poolId, String user) {
        em.createNativeQuery("""
                insert into assignment_request (pool_id, user_name, requested_at, outcome)
                values (?1, ?2, now(), 'REFUSED')
                """).setParameter(1, poolId).setParameter(2, user).executeUpdate();
    }

    // NOTE: one statement in the caller's transaction (the one that records the desktop
    // running); only the request of the desktop's open assignment, and only once.
    @Override
    public void ready(UUID desktopId) {
        em.createNativeQuery("""
                update assignment_request set ready_at = greatest(clock_timestamp(), requested_at)
                 where ready_at is null
                   and assignment_id in (select id from assignment where desktop_id = ?1 and released_at is null)
                """).setParameter(1, desktopId).executeUpdate();
    }
}
