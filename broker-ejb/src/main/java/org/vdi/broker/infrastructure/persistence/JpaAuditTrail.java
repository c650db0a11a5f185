package org.vdi.broker.infrastructure.persistence;

import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.audit.AuditEvent;
import org.vdi.broker.domain.model.audit.AuditTrail;

@Stateless
public class JpaAuditTrail implements AuditTrail {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public void record(String actor, String action, String targetType, String targetId,
            AuditEvent.Outcome outcome, String detail) {
        em.persist(new AuditEvent(actor, action, targetType, targetId, outcome, detail, null));
    }

    // NOTE: a new transaction, because a denial or failure is usually followed by an
    // exception that rolls back the caller's transaction, and must still be kept.
    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordApart(String actor, String action, String targetType, String targetId,
            AuditEvent.Outcome outcome, String detail) {
        em.persist(new AuditEvent(actor, action, targetType, targetId, outcome, detail, null));
    }

    @Override
    public List<AuditEvent> recent(int max) {
        return em.createQuery("select a from AuditEvent a order by a.at desc, a.id desc", AuditEvent.class)
                .setMaxResults(Math.max(1, Math.min(max, 1000)))
                .getResultList();
    }
}
