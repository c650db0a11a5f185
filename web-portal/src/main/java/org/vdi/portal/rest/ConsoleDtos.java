package org.vdi.portal.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.vdi.broker.application.Redemption;
import org.vdi.broker.domain.model.console.ConsoleSession;

/** The JSON shapes of console tickets and sessions, public and internal. */
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

    /** Internal: console-proxy redeems a ticket. */
    public record RedeemRequest(String ticket, String clientAddr) {
    }

    /** Internal: console-proxy refuses a ticket (e.g. foreign origin). */
    public record RefuseRequest(String ticket, String reason, String clientAddr) {
    }

    /** Internal: where console-proxy connects; the password goes to console-proxy only. */
    public record RedemptionDto(UUID sessionId, String protocol, String host, int port, String password,
            UUID desktopId, String desktopName, String user, String loginSession, boolean clipboard) {

        static RedemptionDto of(Redemption r) {
            return new RedemptionDto(r.sessionId(), r.protocol(), r.host(), r.port(), r.password(), r.desktopId(),
                    r.desktopName(), r.user(), r.loginSession(), r.clipboard());
        }
    }

    /** Internal: console-proxy reports a session's end. */
    public record EndRequest(Long bytesIn, Long bytesOut, String reason) {
    }

    /** Internal: console-proxy's periodic report of its live sessions and those with user input. */
    public record PollRequest(List<UUID> live, List<UUID> active) {
    }

    /** Internal: the sessions console-proxy must close, each with the message for its user. */
    public record PollResponse(List<CloseOrder> close) {
    }

    public record CloseOrder(UUID id, String reason) {
    }
}
