package org.vdi.broker.application;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ends assignments past their pool's idle or maximum session time, once per
 * monitor cycle; the pool's log-off policy then applies and the next cycles
 * top the spares back up.
 */
@ApplicationScoped
public class SessionExpiry {

    private static final Logger LOG = Logger.getLogger(SessionExpiry.class.getName());

    @EJB
    AssignmentService assignments;

    /**
     * Expires what is due; returns how many assignments ended, 0 when expiry
     * itself failed (logged here), so that a broken expiry never stops the
     * cycle's other jobs.
     */
    // NOTE: AssignmentService.expire runs in its own container transaction;
    // nothing is open here on the monitor's thread.
    public int expireDue() {
        try {
            return assignments.expire();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "expiring sessions failed", e);
            return 0;
        }
    }
}
