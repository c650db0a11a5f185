package org.vdi.broker.domain.model.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks console tickets with HMAC-SHA256 under the broker's ticket
 * key. The MAC covers everything a ticket binds (its id, the user, the desktop,
 * the assignment, the login session, the protocol and the expiry), so a ticket
 * cannot be moved to another desktop, holding, user, kind of console or time
 * even by someone who can write the ticket table.
 *
 * <p>Each field is written with its length in front, so no two different sets
 * of fields ever produce the same signed bytes ("ab" + "c" is not "a" + "bc").
 */
public final class TicketSigner {

    /** Shorter keys are refused: HMAC-SHA256 wants at least its output size. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] DOMAIN = "vdi console ticket v2".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;

    public TicketSigner(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the ticket key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** The MAC of a ticket's fields. The expiry counts in whole seconds, as the database keeps it. */
    public byte[] mac(UUID ticketId, String user, UUID desktopId, UUID assignmentId, String loginSession,
            String protocol, Instant expiresAt) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(field(DOMAIN));
            mac.update(field(uuid(ticketId)));
            mac.update(field(user.getBytes(StandardCharsets.UTF_8)));
            mac.update(field(uuid(desktopId)));
            mac.update(field(uuid(assignmentId)));
            mac.update(field(loginSession.getBytes(StandardCharsets.UTF_8)));
            mac.update(field(protocol.getBytes(StandardCharsets.UTF_8)));
            mac.update(field(ByteBuffer.allocate(Long.BYTES).putLong(expiresAt.getEpochSecond()).array()));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a mandatory JDK algorithm; this cannot happen on a conforming JVM
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** True when the presented MAC is the one of these fields; compared in constant time. */
    public boolean verify(UUID ticketId, String user, UUID desktopId, UUID assignmentId, String loginSession,
            String protocol, Instant expiresAt, byte[] presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(mac(ticketId, user, desktopId, assignmentId, loginSession, protocol, expiresAt),
                presented);
    }

    private static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static byte[] field(byte[] value) {
        return ByteBuffer.allocate(Integer.BYTES + value.length).putInt(value.length).put(value).array();
    }
}
