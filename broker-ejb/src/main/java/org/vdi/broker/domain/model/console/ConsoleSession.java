package org.vdi.broker.domain.model.console;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One console a user had open on a desktop, from the ticket's redemption to
 * the moment console-proxy reported it closed. Kept after it ends (the admin
 * session list and the audit trail point to it). An administrator may ask for
 * a live one to be terminated; console-proxy, which holds the connection,
 * notices within seconds and closes it.
 *
 * <p>Desktop and assignment are plain ids, not associations: the session
 * outlives both (the database sets them to null when they are deleted).
 */
@Entity
@Table(name = "console_session")
public class ConsoleSession {

    static final String SIGNED_OUT = "signed out";

    @Id
    private UUID id;

    @Column(name = "ticket_id")
    private UUID ticketId;

    @Column(name = "user_name", nullable = false, length = 255)
    private String userName;

    @Column(name = "desktop_id")
    private UUID desktopId;

    @Column(name = "desktop_name", nullable = false, length = 64)
    private String desktopName;

    @Column(name = "assignment_id")
    private UUID assignmentId;

    @Column(name = "login_session", nullable = false, length = 255)
    private String loginSession;

    @Column(nullable = false, length = 8)
    private String protocol;

    @Column(name = "client_addr", length = 64)
    private String clientAddress;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    /** Last time a console-proxy said it still holds this session. */
    @Column(name = "seen_at", nullable = false)
    private Instant seenAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "bytes_in", nullable = false)
    private long bytesIn;

    @Column(name = "bytes_out", nullable = false)
    private long bytesOut;

    @Column(name = "end_reason", length = 255)
    private String endReason;

    @Column(name = "terminated_by", length = 255)
    private String terminatedBy;

    @Column(name = "terminated_at")
    private Instant terminatedAt;

    @Version
    private long version;

    protected ConsoleSession() {
        // for JPA
    }

    public ConsoleSession(ConsoleTicket ticket, String desktopName, String clientAddress, Instant now) {
        this.id = UUID.randomUUID();
        this.ticketId = ticket.id();
        this.userName = ticket.userName();
        this.desktopId = ticket.desktopId();
        this.desktopName = Objects.requireNonNull(desktopName, "desktopName");
        this.assignmentId = ticket.assignmentId();
        this.loginSession = ticket.loginSession();
        this.protocol = ticket.protocol();
        this.clientAddress = clientAddress == null ? null : clip(clientAddress, 64);
        this.startedAt = now;
        this.seenAt = now;
    }

    /**
     * Records an administrator's request to close the session. The session
     * stays live until console-proxy reports it closed.
     *
     * @return false when it had already ended or been terminated (nothing changes)
     */
    public boolean terminate(String by, Instant now) {
        return stop(Objects.requireNonNull(by, "by"), "terminated by " + by, now);
    }

    /** The user signed out (in the portal or at Keycloak): the console goes with the sign-in. */
    public boolean signedOut(Instant now) {
        return stop(userName, SIGNED_OUT, now);
    }

    /** True when the session was stopped because its user signed out, not by an administrator. */
    public boolean endedBySignOut() {
        return terminatedAt != null && SIGNED_OUT.equals(endReason);
    }

    // NOTE: the reason is recorded now, while the session is still live, and kept by end()
    private boolean stop(String by, String reason, Instant now) {
        if (endedAt != null || terminatedAt != null) {
            return false;
        }
        this.terminatedBy = clip(by, 255);
        this.terminatedAt = now;
        this.endReason = clip(reason, 255);
        return true;
    }

    /**
     * Records the end with the traffic counted by console-proxy. A second end
     * (a retried report) changes nothing.
     *
     * @return false when the session had already ended
     */
    public boolean end(long in, long out, String reason, Instant now) {
        if (endedAt != null) {
            return false;
        }
        this.endedAt = now;
        this.bytesIn = Math.max(0, in);
        this.bytesOut = Math.max(0, out);
        String r = terminatedAt != null ? endReason : reason;
        this.endReason = r == null || r.isBlank() ? "closed" : clip(r, 255);
        return true;
    }

    public boolean live() {
        return endedAt == null;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    public UUID id() {
        return id;
    }

    public UUID ticketId() {
        return ticketId;
    }

    public String userName() {
        return userName;
    }

    public UUID desktopId() {
        return desktopId;
    }

    public String desktopName() {
        return desktopName;
    }

    public UUID assignmentId() {
        return assignmentId;
    }

    public String loginSession() {
        return loginSession;
    }

    public String protocol() {
        return protocol;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant seenAt() {
        return seenAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public String endReason() {
        return endReason;
    }

    public String terminatedBy() {
        return terminatedBy;
    }

    public Instant terminatedAt() {
        return terminatedAt;
    }
}
