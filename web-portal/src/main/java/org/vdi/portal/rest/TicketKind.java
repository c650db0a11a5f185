package org.vdi.portal.rest;

import java.util.UUID;

import org.vdi.broker.application.Caller;
import org.vdi.broker.application.ConsoleTicketService;
import org.vdi.broker.application.IssuedTicket;
import org.vdi.broker.application.SpiceTicket;
import org.vdi.portal.rest.ConsoleDtos.SpiceTicketDto;
import org.vdi.portal.rest.ConsoleDtos.TicketBody;
import org.vdi.portal.rest.ConsoleDtos.TicketDto;

/**
 * The console tickets a desktop's holder may ask for. They differ only in what
 * the broker issues, which console-proxy endpoint the browser takes the ticket
 * to and what the answer carries, so {@link TicketsResource} serves every kind
 * and each kind says only what is its own.
 */
enum TicketKind {

    /** The browser console: Guacamole through console-proxy's tunnel. */
    CONSOLE(TicketsResource.CONSOLE, ConsoleUrls.TUNNEL) {
        @Override
        TicketBody issue(ConsoleTicketService tickets, UUID desktopId, Caller caller, String loginSession,
                String url) {
            IssuedTicket t = tickets.issue(desktopId, caller, loginSession);
            return new TicketDto(t.ticket(), url, t.expiresAt());
        }
    },

    /**
     * SPICE in the browser (spice.html with spice-html5): the ticket opens one
     * SPICE session through console-proxy's bridge, and the one-time SPICE
     * password, valid for about a minute, lets spice-html5 authenticate each
     * of its channels.
     */
    SPICE(TicketsResource.SPICE, ConsoleUrls.SPICE) {
        @Override
        TicketBody issue(ConsoleTicketService tickets, UUID desktopId, Caller caller, String loginSession,
                String url) {
            SpiceTicket t = tickets.issueSpice(desktopId, caller, loginSession);
            return new SpiceTicketDto(t.ticket().ticket(), url, t.ticket().expiresAt(), t.password(),
                    t.passwordValidUntil());
        }
    };

    private final String pathSegment;
    private final String endpoint;

    TicketKind(String pathSegment, String endpoint) {
        this.pathSegment = pathSegment;
        this.endpoint = endpoint;
    }

    /** console-proxy's endpoint for this kind, as {@link ConsoleUrls} names it. */
    String endpoint() {
        return endpoint;
    }

    /**
     * Asks the broker for a ticket of this kind.
     *
     * @param url where the browser presents the ticket
     */
    abstract TicketBody issue(ConsoleTicketService tickets, UUID desktopId, Caller caller, String loginSession,
            String url);

    /**
     * The kind a request path names.
     *
     * @throws IllegalArgumentException for any other segment (the resource's path pattern lets none through)
     */
    static TicketKind ofPath(String pathSegment) {
        for (TicketKind k : values()) {
            if (k.pathSegment.equals(pathSegment)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no console ticket of kind " + pathSegment);
    }
}
