package org.vdi.broker.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Starts the hypervisor work a transaction asked for, only after that
 * transaction committed: a rolled-back assignment never starts a desktop.
 */
@ApplicationScoped
public class DesktopWorkDispatcher {

    @Inject
    DesktopOperations operations;

    // NOTE: AFTER_SUCCESS runs on the committing thread once the commit is
    // done; the work itself goes to the managed executor so requests return.
    void onWork(@Observes(during = TransactionPhase.AFTER_SUCCESS) DesktopWork work) {
        switch (work.kind()) {
            case START_ASSIGNED -> operations.later("start", work.desktopId(), operations::startAssigned);
            case START -> operations.later("start", work.desktopId(), operations::start);
            case STOP -> operations.later("stop", work.desktopId(), operations::stop);
            case RESET -> operations.later("reset", work.desktopId(), operations::reset);
            case REFRESH -> operations.later("refresh", work.desktopId(), operations::refresh);
            case DELETE -> operations.later("delete", work.desktopId(), operations::delete);
        }
    }
}
