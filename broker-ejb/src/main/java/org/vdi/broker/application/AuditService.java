package org.vdi.broker.application;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.vdi.broker.domain.model.audit.AuditEvent;
import org.vdi.broker.domain.model.audit.AuditQuery;

/** Reading the audit trail (admins); writing it is each service's own business. */
public interface AuditService {

    /** The matching events, newest first, at most {@code query.limit()}. */
    List<AuditEvent> search(@NotNull AuditQuery query);
}
