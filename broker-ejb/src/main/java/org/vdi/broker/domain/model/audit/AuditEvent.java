package org.vdi.broker.domain.model.audit;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One line of the audit trail: who did what to which object, and how it
 * ended. Written for denied attempts too, so refused access is visible.
 * Immutable once written.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    /** How an audited action ended. */
    public enum Outcome { SUCCESS, DENIED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false, length = 255)
    private String actor;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(name = "target_type", length = 32)
    private String targetType;

    @Column(name = "target_id", length = 64)
    private String targetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Outcome outcome;

    @Column(length = 2048)
    private String detail;

    @Column(name = "client_addr", length = 64)
    private String clientAddress;

    protected AuditEvent() {
        // for JPA
    }

    public AuditEvent(String actor, String action, String targetType, String targetId, Outcome outcome,
            String detail, String clientAddress) {
        this.at = Instant.now();
        this.actor = clip(Objects.requireNonNull(actor, "actor"), 255);
        this.action = clip(Objects.requireNonNull(action, "action"), 64);
        this.targetType = targetType == null ? null : clip(targetType, 32);
        this.targetId = targetId == null ? null : clip(targetId, 64);
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.detail = detail == null ? null : clip(detail, 2048);
        this.clientAddress = clientAddress == null ? null : clip(clientAddress, 64);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    public Long id() {
        return id;
    }

    public Instant at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String targetType() {
        return targetType;
    }

    public String targetId() {
        return targetId;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String detail() {
        return detail;
    }

    public String clientAddress() {
        return clientAddress;
    }
}
