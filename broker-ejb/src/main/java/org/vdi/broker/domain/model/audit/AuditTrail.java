package org.vdi.broker.domain.model.audit;

import java.util.List;

/**
 * Where audited actions are written. Implementations write in the caller's
 * transaction, except for denials, which must survive the rollback that
 * usually follows them.
 */
public interface AuditTrail {

    void record(String actor, String action, String targetType, String targetId, AuditEvent.Outcome outcome,
            String detail);

    /**
     * Records in a transaction of its own, for refused or failed attempts that
     * are followed by an exception rolling back the caller's transaction.
     */
    void recordApart(String actor, String action, String targetType, String targetId, AuditEvent.Outcome outcome,
            String detail);

    List<AuditEvent> recent(int max);

    /** The events matching the query, newest first. */
    List<AuditEvent> search(AuditQuery query);
}
