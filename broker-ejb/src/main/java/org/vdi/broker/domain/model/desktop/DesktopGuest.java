package org.vdi.broker.domain.model.desktop;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.vdi.broker.domain.model.hypervisor.GuestReport;

/**
 * What the broker knows of a running desktop's guest from its agent: who is
 * logged in inside it and since when, when the last user left, and its
 * addresses. A row of its own beside the desktop, so the guest poll neither
 * waits for the desktop's row lock nor collides with its version.
 *
 * <p>No flapping: an agent that does not answer, or answers garbage, changes
 * nothing but the cause; only a well-formed answer moves the logon state. A
 * logoff is kept as the moment it was seen and cancelled by a new logon, so
 * the pool's grace period decides, not one poll.
 */
@Entity
@Table(name = "desktop_guest")
public class DesktopGuest {

    /** A logon is written again at least this often while it lasts, so idleness can count from it. */
    static final Duration SEEN_REFRESH = Duration.ofSeconds(30);

    @Id
    @Column(name = "desktop_id")
    private UUID desktopId;

    @Column(nullable = false, length = 1024)
    private String users;

    @Column(name = "logon_since")
    private Instant logonSince;

    @Column(name = "logon_seen_at")
    private Instant logonSeenAt;

    @Column(name = "logoff_at")
    private Instant logoffAt;

    @Column(nullable = false, length = 2048)
    private String addresses;

    @Column(name = "answered_at")
    private Instant answeredAt;

    @Column(length = 512)
    private String cause;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected DesktopGuest() {
        // for JPA
    }

    public DesktopGuest(UUID desktopId) {
        this.desktopId = desktopId;
        this.users = "";
        this.addresses = "";
        this.updatedAt = Instant.now();
    }

    /** What happened to the logon state with one report. */
    public enum Change { NONE, LOGON, LOGOFF }

    /**
     * Takes one report of the agent in.
     *
     * @return what changed in the logon state
     */
    public Change record(GuestReport report, Instant now) {
        updatedAt = now;
        if (!report.answered()) {
            cause = clip(report.detail(), 512);
            return Change.NONE;
        }
        cause = null;
        answeredAt = now;
        addresses = clip(String.join(",", report.addresses()), 2048);
        boolean wasIn = loggedIn();
        users = clip(String.join(",", report.users()), 1024);
        if (report.users().isEmpty()) {
            logonSince = null;
            if (wasIn) {
                logoffAt = now;
                return Change.LOGOFF;
            }
            return Change.NONE;
        }
        logonSeenAt = now;
        logoffAt = null;
        Instant since = report.firstLogon();
        // the guest's clock may be off: a login "in the future" or before the broker's
        // first sight of a fresh logon is taken as the moment the broker saw it
        logonSince = since == null || since.isAfter(now) ? (wasIn && logonSince != null ? logonSince : now) : since;
        return wasIn ? Change.NONE : Change.LOGON;
    }

    /**
     * True when writing this report would change what is stored, or the
     * stored logon is old enough to be refreshed; the poll skips other writes.
     */
    public boolean differs(GuestReport report, Instant now) {
        if (!report.answered()) {
            return !report.detail().equals(cause);
        }
        return cause != null || answeredAt == null
                || !users.equals(String.join(",", report.users()))
                || !addresses.equals(String.join(",", report.addresses()))
                || (!report.users().isEmpty() && (logonSeenAt == null || logonSeenAt.plus(SEEN_REFRESH).isBefore(now)));
    }

    public boolean loggedIn() {
        return !users.isEmpty();
    }

    /**
     * The last moment someone was known to be logged in inside the guest: the
     * last report of a logon (at most {@link #SEEN_REFRESH} old while the agent
     * answers), or the logoff when the last user left; null when never seen.
     * An agent that stops answering stops moving it, so a dead agent never
     * keeps a desktop from going idle.
     */
    public Instant lastLogon() {
        return logoffAt != null && (logonSeenAt == null || logoffAt.isAfter(logonSeenAt)) ? logoffAt : logonSeenAt;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    public UUID desktopId() {
        return desktopId;
    }

    public List<String> users() {
        return split(users);
    }

    public List<String> addresses() {
        return split(addresses);
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    public Instant logonSince() {
        return logonSince;
    }

    public Instant logoffAt() {
        return logoffAt;
    }

    public Instant answeredAt() {
        return answeredAt;
    }

    public String cause() {
        return cause;
    }
}
