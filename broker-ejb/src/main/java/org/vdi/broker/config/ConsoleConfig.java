package org.vdi.broker.config;

import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vdi.broker.domain.model.console.ConsoleTicket;
import org.vdi.broker.domain.model.console.TicketSigner;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * Console tickets and sessions.
 *
 * <ul>
 * <li>{@code vdi.ticket.key} (VDI_TICKET_KEY): the HMAC key that signs console
 * tickets, base64 of at least 32 random bytes ({@code openssl rand -base64 32});
 * anything else is refused, however long. Every broker node needs the same key.
 * Unset: no console can be opened.</li>
 * <li>{@code vdi.console.ticket-ttl-seconds}: how long a ticket may wait for its
 * redemption, 1 to 30 (default 30)</li>
 * <li>{@code vdi.console.password-validity-seconds}: how long the one-time display
 * password set for a console stays valid for new connections (default 60)</li>
 * <li>{@code vdi.console.session-lost-seconds}: a live session no console-proxy has
 * reported for this long is recorded as ended (default 60; proxies report every
 * few seconds)</li>
 * </ul>
 */
@ApplicationScoped
public class ConsoleConfig {

    @Inject
    @ConfigProperty(name = "vdi.ticket.key")
    Optional<String> ticketKey;

    @Inject
    @ConfigProperty(name = "vdi.console.ticket-ttl-seconds", defaultValue = "30")
    int ticketTtlSeconds;

    @Inject
    @ConfigProperty(name = "vdi.console.password-validity-seconds", defaultValue = "60")
    int passwordValiditySeconds;

    @Inject
    @ConfigProperty(name = "vdi.console.session-lost-seconds", defaultValue = "60")
    int sessionLostSeconds;

    /**
     * The ticket signer.
     *
     * @throws BrokerException internal_error naming the setting, when the key is missing or short
     */
    public TicketSigner signer() {
        String k = ticketKey.map(String::strip).filter(s -> !s.isEmpty()).orElseThrow(() -> new BrokerException(
                ErrorCode.INTERNAL_ERROR, "consoles are not configured: set vdi.ticket.key (VDI_TICKET_KEY)"));
        return new TicketSigner(decode(k).orElseThrow(() -> new BrokerException(ErrorCode.INTERNAL_ERROR,
                "vdi.ticket.key (VDI_TICKET_KEY) must be base64 of at least " + TicketSigner.MIN_KEY_BYTES
                        + " random bytes (make one with: openssl rand -base64 32)")));
    }

    /**
     * The key's bytes when it is base64 of at least {@link TicketSigner#MIN_KEY_BYTES}
     * bytes; a password-like string, however long, is no key (its bytes are far from random).
     */
    static java.util.Optional<byte[]> decode(String k) {
        try {
            byte[] b = Base64.getDecoder().decode(k);
            return b.length >= TicketSigner.MIN_KEY_BYTES ? java.util.Optional.of(b) : java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    public int ticketTtlSeconds() {
        return Math.max(1, Math.min(ConsoleTicket.MAX_TTL_SECONDS, ticketTtlSeconds));
    }

    public int passwordValiditySeconds() {
        return Math.max(10, passwordValiditySeconds);
    }

    public int sessionLostSeconds() {
        return Math.max(10, sessionLostSeconds);
    }
}
