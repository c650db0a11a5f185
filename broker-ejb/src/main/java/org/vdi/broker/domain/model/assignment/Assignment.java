package org.vdi.broker.domain.model.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * A user holding a desktop, from assignment to release. The database allows
 * one open assignment per desktop (a partial unique index), so two users can
 * never hold one desktop even if a bug slipped past the row lock.
 */
@Entity
@Table(name = "assignment")
public class Assignment {

    @Id
    private UUID id;

    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "desktop_id")
    private Desktop desktop;

    @Column(name = "pool_id", nullable = false)
    private UUID poolId;

    @Column(name = "user_name", nullable = false, length = 255)
    private String userName;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_activity", nullable = false)
    private Instant lastActivity;

    @Column(name = "released_at")
    private Instant releasedAt;

    @Column(name = "release_reason", length = 255)
    private String releaseReason;

    @Version
    private long version;

    protected Assignment() {
        // for JPA
    }

    public Assignment(Desktop desktop, String userName) {
        this.id = UUID.randomUUID();
        this.desktop = desktop;
        this.poolId = desktop.pool().id();
        this.userName = userName;
        this.createdAt = Instant.now();
        this.lastActivity = createdAt;
    }

    public void touch(Instant when) {
        if (when.isAfter(lastActivity)) {
            lastActivity = when;
        }
    }

    public void release(String reason) {
        if (releasedAt != null) {
            throw new BrokerException(ErrorCode.INVALID_STATE, "assignment " + id + " is already released");
        }
        this.releasedAt = Instant.now();
        this.releaseReason = reason == null ? null : reason.length() > 255 ? reason.substring(0, 255) : reason;
    }

    public boolean active() {
        return releasedAt == null;
    }

    /** True when the user has done nothing for longer than the limit (0 = no limit). */
    public boolean idleLongerThan(int minutes, Instant now) {
        return minutes > 0 && Duration.between(lastActivity, now).toMinutes() >= minutes;
    }

    /** True when the assignment is older than the limit (0 = no limit). */
    public boolean olderThan(int minutes, Instant now) {
        return minutes > 0 && Duration.between(createdAt, now).toMinutes() >= minutes;
    }

    public UUID id() {
        return id;
    }

    public Desktop desktop() {
        return desktop;
    }

    public UUID poolId() {
        return poolId;
    }

    public String userName() {
        return userName;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    public Instant releasedAt() {
        return releasedAt;
    }

    public String releaseReason() {
        return releaseReason;
    }
}
