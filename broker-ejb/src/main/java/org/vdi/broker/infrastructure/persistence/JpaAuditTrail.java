package org.vdi.broker.infrastructure.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jakarta.persistence.TypedQuery;

import org.vdi.broker.domain.model.audit.AuditEvent;
import org.vdi.broker.domain.model.audit.AuditQuery;
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

    @Override
    public List<AuditEvent> search(AuditQuery q) {
        List<String> where = new ArrayList<>();
        if (q.from() != null) {
            where.add("a.at >= :from");
        }
        if (q.to() != null) {
            where.add("a.at < :to");
        }
        if (q.actor() != null) {
            where.add("lower(a.actor) = :actor");
        }
        if (q.type() != null) {
            where.add("(lower(a.action) = :type or lower(a.action) like :typePrefix escape '!'"
                    + " or lower(a.targetType) = :type)");
        }
        if (q.object() != null) {
            where.add("(lower(a.targetId) = :object or lower(a.detail) like :objectText escape '!')");
        }
        String jpql = "select a from AuditEvent a" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by a.at desc, a.id desc";
        TypedQuery<AuditEvent> query = em.createQuery(jpql, AuditEvent.class).setMaxResults(q.limit());
        if (q.from() != null) {
            query.setParameter("from", q.from());
        }
        if (q.to() != null) {
            query.setParameter("to", q.to());
        }
        if (q.actor() != null) {
            query.setParameter("actor", lower(q.actor()));
        }
        if (q.type() != null) {
            query.setParameter("type", lower(q.type()));
            query.setParameter("typePrefix", likeEscape(lower(q.type())) + ".%");
        }
        if (q.object() != null) {
            query.setParameter("object", lower(q.object()));
            query.setParameter("objectText", "%" + likeEscape(lower(q.object())) + "%");
        }
        return query.getResultList();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    // NOTE: '!' rather than backslash as the LIKE escape: HQL string literals treat backslash specially.
    /** Makes the text match literally inside a LIKE pattern (escape character '!'). */
    static String likeEscape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
