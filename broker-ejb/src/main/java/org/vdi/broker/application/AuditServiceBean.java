package org.vdi.broker.application;

import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.audit.AuditEvent;
import org.vdi.broker.domain.model.audit.AuditQuery;
import org.vdi.broker.domain.model.audit.AuditTrail;

@Stateless
public class AuditServiceBean implements AuditService {

    @Inject
    AuditTrail trail;

    // NOTE: read only; SUPPORTS so an export of thousands of rows holds no transaction of its own.
    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditEvent> search(AuditQuery query) {
        return trail.search(query);
    }
}
