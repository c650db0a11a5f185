package org.vdi.portal.rest;

import java.time.Instant;
import java.util.UUID;

import org.vdi.broker.domain.model.console.ConsoleSession;

/** The JSON shapes of console tickets and sessions. */
public final class ConsoleDtos {

    private ConsoleDtos() {
    }

    /** The answer to a ticket request: what the browser needs to open the console of its kind. */
    public sealed interface TicketBody permits TicketDto, SpiceTicketDto {
    }

    /** POST /desktops/{id}/console-tickets: open {@code tunnelUrl + "?ticket=" + ticket} before {@code expiresAt}. */
    public record TicketDto(String ticket, String tunnelUrl, Instant expiresAt) implements TicketBody {
    }

    /**
     * POST /desktops/{id}/spice-tickets: spice-html5 opens {@code bridgeUrl + "?ticket=" + ticket}
     * (subprotocol "binary") before {@code expiresAt}, once per SPICE channel, and authenticates
     * with {@code password} before {@code passwordExpiresAt}.
     */
    public record SpiceTicketDto(String ticket, String bridgeUrl, Instant expiresAt, String password,
            Instant passwordExpiresAt) implements TicketBody {

        @Override
        public String toString() {
            return "SpiceTicketDto[" + bridgeUrl + ", expires " + expiresAt + "]";
        }
    }

    /** GET /sessions. */
    public record SessionDto(UUID id, String user, UUID desktopId, String desktopName, String protocol,
            String clientAddr, Instant startedAt, Instant endedAt, boolean live, long bytesIn, long bytesOut,
            String endReason, String terminatedBy, Instant terminatedAt) {

        static SessionDto of(ConsoleSession s) {
            return new SessionDto(s.id(), s.userName(), s.desktopId(), s.desktopName(), s.protocol(),
                    s.clientAddress(), s.startedAt(), s.endedAt(), s.live(), s.bytesIn(), s.bytesOut(), s.endReason(),
                    s.terminatedBy(), s.terminatedAt());
        }
    }
}
