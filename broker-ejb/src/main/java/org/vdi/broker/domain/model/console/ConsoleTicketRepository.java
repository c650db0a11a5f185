package org.vdi.broker.domain.model.console;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

public interface ConsoleTicketRepository {

    Optional<ConsoleTicket> find(UUID id);

    void add(ConsoleTicket ticket);

    /**
     * Marks the ticket redeemed if, at this moment in the database, it is
     * neither redeemed nor expired; one statement, so of two concurrent
     * redemptions exactly one wins.
     *
     * @return true for the one caller that redeemed it
     */
    boolean redeem(UUID id);

    /**
     * Marks every unredeemed ticket of a sign-in redeemed, so none can open a
     * console any more: of this login session when given, else all of the user's.
     *
     * @return how many
     */
    int burnAll(String user, String loginSession);

    /** Removes tickets that expired before the given time; returns how many. */
    int purgeExpiredBefore(Instant before);
}
