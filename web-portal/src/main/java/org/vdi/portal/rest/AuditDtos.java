package org.vdi.portal.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.vdi.broker.domain.model.audit.AuditEvent;

/** The JSON and CSV shapes of audit events. */
public final class AuditDtos {

    /** The CSV columns, in order. */
    static final List<String> CSV_HEADER = List.of("id", "at", "actor", "action", "targetType", "targetId",
            "outcome", "detail", "clientAddr");

    private AuditDtos() {
    }

    public record AuditEventDto(long id, Instant at, String actor, String action, String targetType,
            String targetId, String outcome, String detail, String clientAddr) {

        static AuditEventDto of(AuditEvent e) {
            return new AuditEventDto(e.id(), e.at(), e.actor(), e.action(), e.targetType(), e.targetId(),
                    ApiEnums.out(e.outcome()), e.detail(), e.clientAddress());
        }

        List<Object> csvRow() {
            return Arrays.asList(id, at, actor, action, targetType, targetId, outcome, detail, clientAddr);
        }
    }
}
