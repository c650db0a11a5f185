package org.vdi.broker.application.metrics;

import java.util.LinkedHashSet;
import java.util.Set;

import org.vdi.broker.domain.model.desktop.DesktopState;

/**
 * The gauge series a snapshot calls for: {@code vdi_desktops} for every pool and every
 * state (zeros included, so a query over a state never finds nothing), and
 * {@code vdi_monitor_lease} for every pool whose lease a node holds. Tag values are
 * pool names, state names and node names: bounded by what admins create.
 */
record FleetSeries(String name, String pool, String tagName, String tagValue) {

    static final String DESKTOPS = "vdi_desktops";
    static final String LEASE = "vdi_monitor_lease";

    static Set<FleetSeries> wanted(FleetSnapshot s) {
        Set<FleetSeries> all = new LinkedHashSet<>();
        for (String pool : s.desktops().keySet()) {
            for (DesktopState state : DesktopState.values()) {
                all.add(new FleetSeries(DESKTOPS, pool, "state", FleetSnapshot.tag(state)));
            }
        }
        s.leaseOwners().forEach((pool, owner) -> all.add(new FleetSeries(LEASE, pool, "owner", owner)));
        return all;
    }

    /** The series' value in the snapshot. */
    long value(FleetSnapshot s) {
        if (name.equals(LEASE)) {
            return s.leaseHeld(pool, tagValue);
        }
        return FleetSnapshot.state(tagValue.replace('-', '_')).map(st -> s.count(pool, st)).orElse(0L);
    }
}
