package org.vdi.console.tunnel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The SPICE sessions open on this node, by ticket, so the later channels of a
 * session find it. Keyed by the ticket's SHA-256, never the ticket itself.
 *
 * <p>Sessions live on the node that redeemed their ticket: behind a load
 * balancer, route the SPICE bridge by client address (or by URL), or the
 * channels that land on another node are refused (their ticket is spent).
 */
@ApplicationScoped
public class SpiceSessions {

    // NOTE: a claimed slot holds null while its ticket is being redeemed
    private final Map<String, AtomicReference<ConsoleConnection>> slots = new ConcurrentHashMap<>();

    /**
     * Claims the ticket for redemption on this node, or finds the session it opened.
     *
     * @return null when the caller claimed it (it must then {@link #opened} or {@link #release});
     *         else the slot of the session, empty while another channel still redeems it
     */
    AtomicReference<ConsoleConnection> claim(String key) {
        return slots.putIfAbsent(key, new AtomicReference<>());
    }

    void opened(String key, ConsoleConnection s) {
        AtomicReference<ConsoleConnection> slot = slots.get(key);
        if (slot != null) {
            slot.set(s);
        }
    }

    /** Forgets the ticket: later channels with it go to the broker, which refuses a spent ticket. */
    void release(String key) {
        slots.remove(key);
    }

    int size() {
        return slots.size();
    }

    static String key(String ticket) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
