package org.vdi.broker.application.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The database reads behind the fleet gauges: one grouped statement each, no entities loaded. */
public interface FleetReads {

    /** Every pool's name, so a pool without desktops still shows its zeros. */
    Set<String> poolNames();

    /** Desktops per pool name and state (as stored), one row per pair that has any. */
    List<FleetSnapshot.Count> desktopsByPoolAndState();

    /** The owner of each pool's unexpired monitor lease, by pool name. */
    Map<String, String> leaseOwners();
}
