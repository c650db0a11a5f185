package org.vdi.broker.domain.model.desktop;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * One desktop: a libvirt domain on a host, with its own disk cloned from a
 * golden image version. Its state only changes through {@link #moveTo}, which
 * enforces {@link DesktopState}'s transitions and records the cause; the
 * database writes every transition to desktop_transition (a trigger, so no
 * code path can skip it).
 */
@Entity
@Table(name = "desktop")
public class Desktop {

    @Id
    private UUID id;

    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "pool_id")
    private Pool pool;

    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "host_id")
    private Host host;

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @Column(nullable = false)
    private int number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private DesktopState state;

    /** Why the desktop is in its state: the cause of the last transition or the error. */
    @Column(name = "state_cause", length = 1024)
    private String stateCause;

    @Column(name = "state_changed_at", nullable = false)
    private Instant stateChangedAt;

    @Column(name = "image_version", nullable = false)
    private int imageVersion;

    @Column(name = "disk_volume", nullable = false, length = 128)
    private String diskVolume;

    /** The user holding the desktop, or null when it is free. */
    @Column(name = "assigned_to", length = 255)
    private String assignedTo;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Desktop() {
        // for JPA
    }

    public Desktop(Pool pool, Host host, int number, int imageVersion) {
        this.id = UUID.randomUUID();
        this.pool = pool;
        this.host = host;
        this.number = number;
        this.name = pool.settings().desktopName(number);
        this.imageVersion = imageVersion;
        this.diskVolume = name + ".qcow2";
        this.state = DesktopState.PROVISIONING;
        this.stateCause = "created by the pool monitor";
        this.stateChangedAt = Instant.now();
        this.createdAt = this.stateChangedAt;
    }

    /**
     * Moves to the next state.
     *
     * @throws BrokerException {@link ErrorCode#INVALID_STATE} when the move is not allowed
     */
    public void moveTo(DesktopState next, String cause) {
        if (next == state) {
            this.stateCause = clip(cause);
            return;
        }
        if (!state.canMoveTo(next)) {
            throw new BrokerException(ErrorCode.INVALID_STATE,
                    "desktop " + name + " cannot go from " + state + " to " + next);
        }
        this.state = next;
        this.stateCause = clip(cause);
        this.stateChangedAt = Instant.now();
    }

    /** Records a failure: the desktop goes to ERROR with the reason a person can act on. */
    public void fail(String reason) {
        if (state != DesktopState.ERROR && !state.canMoveTo(DesktopState.ERROR)) {
            throw new BrokerException(ErrorCode.INVALID_STATE, "desktop " + name + " cannot fail from " + state);
        }
        this.state = DesktopState.ERROR;
        this.stateCause = clip(reason);
        this.stateChangedAt = Instant.now();
    }

    /** Hands the desktop to a user; the caller holds the row lock. */
    public void assignTo(String user) {
        if (assignedTo != null && !assignedTo.equals(user)) {
            throw new BrokerException(ErrorCode.CONFLICT, "desktop " + name + " is held by another user");
        }
        this.assignedTo = user;
        if (state == DesktopState.AVAILABLE || state == DesktopState.UNAVAILABLE) {
            moveTo(DesktopState.ASSIGNED, "assigned to " + user);
        }
    }

    /** Frees the desktop; the state is then set by the pool's logoff policy. */
    public void unassign() {
        this.assignedTo = null;
    }

    /**
     * True when its pool's log-off policy can be applied now. A desktop whose
     * host is down (UNAVAILABLE) cannot be refreshed until the host is back;
     * releasing it before would hand the last user's disk on to the next.
     */
    public boolean canTakeLogoffPolicy() {
        DesktopState next = switch (pool.logoffPolicy()) {
            case KEEP -> null;
            case REFRESH -> DesktopState.REFRESHING;
            case DELETE -> DesktopState.DELETING;
        };
        return next == null || next == state || state.canMoveTo(next);
    }

    /** After a refresh, the desktop runs the given image version. */
    public void rebasedOn(int version) {
        this.imageVersion = version;
    }

    private static String clip(String s) {
        return s == null ? null : s.length() <= 1024 ? s : s.substring(0, 1024);
    }

    public UUID id() {
        return id;
    }

    public Pool pool() {
        return pool;
    }

    public Host host() {
        return host;
    }

    public String name() {
        return name;
    }

    public int number() {
        return number;
    }

    public DesktopState state() {
        return state;
    }

    public String stateCause() {
        return stateCause;
    }

    public Instant stateChangedAt() {
        return stateChangedAt;
    }

    public int imageVersion() {
        return imageVersion;
    }

    public String diskVolume() {
        return diskVolume;
    }

    public String assignedTo() {
        return assignedTo;
    }

    public boolean isFree() {
        return assignedTo == null;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
