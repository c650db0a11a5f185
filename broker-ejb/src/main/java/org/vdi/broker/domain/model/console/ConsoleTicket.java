package org.vdi.broker.domain.model.console;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A console ticket as the broker remembers it: who may open which desktop's
 * console, from which login session, until when; and whether it was used.
 * Only the ticket's hash is kept, so the table alone opens nothing. A ticket
 * is redeemed at most once, by one atomic UPDATE in the database (see
 * {@link ConsoleTicketRepository#redeem}), never by changing this object.
 */
@Entity
@Table(name = "console_ticket")
public class ConsoleTicket {

    /** Consoles open from tickets that live this long at most. */
    public static final int MAX_TTL_SECONDS = 30;

    @Id
    private UUID id;

    @Column(name = "token_hash", nullable = false, length = 32)
    private byte[] tokenHash;

    @Column(name = "user_name", nullable = false, length = 255)
    private String userName;

    @Column(name = "desktop_id", nullable = false)
    private UUID desktopId;

    @Column(name = "assignment_id", nullable = false)
    private UUID assignmentId;

    @Column(name = "login_session", nullable = false, length = 255)
    private String loginSession;

    @Column(nullable = false, length = 8)
    private String protocol;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "redeemed_at")
    private Instant redeemedAt;

    protected ConsoleTicket() {
        // for JPA
    }

    /**
     * Signs a new ticket for the user holding the assignment of the desktop.
     *
     * @param ttlSeconds 1 to {@link #MAX_TTL_SECONDS}; the expiry is cut to whole seconds
     * @return the ticket row and, apart, the only copy of its text form
     */
    public static Issued issue(TicketSigner signer, String user, UUID desktopId, UUID assignmentId,
            String loginSession, String protocol, Instant now, int ttlSeconds) {
        if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("a ticket lives 1 to " + MAX_TTL_SECONDS + " seconds");
        }
        ConsoleTicket t = new ConsoleTicket();
        t.id = UUID.randomUUID();
        t.userName = Objects.requireNonNull(user, "user");
        t.desktopId = Objects.requireNonNull(desktopId, "desktopId");
        t.assignmentId = Objects.requireNonNull(assignmentId, "assignmentId");
        t.loginSession = loginSession(loginSession);
        t.protocol = Objects.requireNonNull(protocol, "protocol");
        t.createdAt = now;
        t.expiresAt = now.plusSeconds(ttlSeconds).truncatedTo(ChronoUnit.SECONDS);
        if (!t.expiresAt.isAfter(now)) {
            t.expiresAt = t.expiresAt.plusSeconds(1);
        }
        TicketToken token = new TicketToken(t.id, signer.mac(t.id, t.userName, t.desktopId, t.assignmentId,
                t.loginSession, t.protocol, t.expiresAt));
        t.tokenHash = token.hash();
        return new Issued(t, token);
    }

    /**
     * True when the presented ticket is this one, untouched: its hash is the
     * stored one and its MAC is the one of the stored fields (both compared
     * in constant time).
     */
    public boolean matches(TicketToken token, TicketSigner signer) {
        boolean sameHash = MessageDigest.isEqual(tokenHash, token.hash());
        boolean signed = signer.verify(id, userName, desktopId, assignmentId, loginSession, protocol, expiresAt,
                token.mac());
        return id.equals(token.id()) & sameHash & signed;
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** The login session a ticket binds: the token's {@code sid}, or "bearer" for tokens without one. */
    static String loginSession(String sid) {
        if (sid == null || sid.isBlank()) {
            return "bearer";
        }
        String s = sid.strip();
        return s.length() <= 255 ? s : s.substring(0, 255);
    }

    public UUID id() {
        return id;
    }

    public String userName() {
        return userName;
    }

    public UUID desktopId() {
        return desktopId;
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

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant redeemedAt() {
        return redeemedAt;
    }

    /** A new ticket and its text form, which exists only here and in the caller's response. */
    public record Issued(ConsoleTicket ticket, TicketToken token) {
    }
}
