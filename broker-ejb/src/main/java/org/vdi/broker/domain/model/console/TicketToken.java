package org.vdi.broker.domain.model.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.vdi.console.api.TicketText;

/**
 * A console ticket as the browser carries it: {@code <id>.<mac>}, both
 * base64url without padding (22 + 1 + 43 characters). The id finds the row;
 * the MAC proves the broker issued it for exactly that row's fields. The
 * string itself is never stored, only its SHA-256.
 */
public record TicketToken(UUID id, byte[] mac) {

    private static final int MAC_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public TicketToken {
        if (id == null || mac == null || mac.length != MAC_BYTES) {
            throw new IllegalArgumentException("a ticket has an id and a " + MAC_BYTES + "-byte MAC");
        }
        mac = mac.clone();
    }

    /** The ticket when the text has a ticket's shape; nothing for anything else (never an exception). */
    public static Optional<TicketToken> parse(String text) {
        if (!TicketText.wellFormed(text)) {
            return Optional.empty();
        }
        try {
            ByteBuffer id = ByteBuffer.wrap(DECODER.decode(text.substring(0, 22)));
            byte[] mac = DECODER.decode(text.substring(23));
            if (mac.length != MAC_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new TicketToken(new UUID(id.getLong(), id.getLong()), mac));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /** The ticket's text form. */
    public String encode() {
        byte[] idBytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        return ENCODER.encodeToString(idBytes) + "." + ENCODER.encodeToString(mac);
    }

    /** SHA-256 of the text form: what the database keeps instead of the ticket. */
    public byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encode().getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TicketToken t && id.equals(t.id) && MessageDigest.isEqual(mac, t.mac);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        // the MAC is the secret half: never in logs
        return "TicketToken[" + id + "]";
    }
}
