package org.vdi.broker.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.model.desktop.DesktopState;

class FleetSeriesTest {

    private static FleetSnapshot snapshot() {
        return FleetSnapshot.of(List.of(new FleetSnapshot.Count("a", "AVAILABLE", 2),
                new FleetSnapshot.Count("a", "IN_USE", 1), new FleetSnapshot.Count("b", "STOPPED", 3),
                new FleetSnapshot.Count("b", "HIBERNATED", 7)), new LinkedHashSet<>(List.of("a", "b", "empty")),
                Map.of("a", "node-1"));
    }

    @Test
    void everyPoolHasASeriesForEveryStateZerosIncluded() {
        Set<FleetSeries> wanted = FleetSeries.wanted(snapshot());
        long desktops = wanted.stream().filter(s -> s.name().equals(FleetSeries.DESKTOPS)).count();
        assertEquals(3L * DesktopState.values().length, desktops);
        FleetSnapshot s = snapshot();
        assertEquals(2, new FleetSeries(FleetSeries.DESKTOPS, "a", "state", "available").value(s));
        assertEquals(1, new FleetSeries(FleetSeries.DESKTOPS, "a", "state", "in-use").value(s));
        assertEquals(0, new FleetSeries(FleetSeries.DESKTOPS, "a", "state", "stopped").value(s));
        assertEquals(0, new FleetSeries(FleetSeries.DESKTOPS, "empty", "state", "available").value(s));
        assertEquals(3, new FleetSeries(FleetSeries.DESKTOPS, "b", "state", "stopped").value(s));
    }

    @Test
    void aStateThisBuildDoesNotKnowIsLeftOut() {
        FleetSnapshot s = snapshot();
        assertEquals(Set.of(DesktopState.STOPPED), s.desktops().get("b").keySet());
        assertFalse(FleetSeries.wanted(s).stream().anyMatch(x -> x.tagValue().equals("hibernated")));
    }

    @Test
    void theLeaseSeriesNamesItsOwnerAndIsOneOnlyForIt() {
        FleetSnapshot s = snapshot();
        Set<FleetSeries> leases = new LinkedHashSet<>(FleetSeries.wanted(s).stream()
                .filter(x -> x.name().equals(FleetSeries.LEASE)).toList());
        assertEquals(Set.of(new FleetSeries(FleetSeries.LEASE, "a", "owner", "node-1")), leases);
        assertEquals(1, leases.iterator().next().value(s));
        FleetSnapshot moved = FleetSnapshot.of(List.of(), Set.of("a"), Map.of("a", "node-2"));
        assertEquals(0, leases.iterator().next().value(moved), "the old owner's series drops to 0");
        assertTrue(FleetSeries.wanted(moved).contains(new FleetSeries(FleetSeries.LEASE, "a", "owner", "node-2")));
        assertFalse(FleetSeries.wanted(moved).contains(leases.iterator().next()), "and is no longer wanted");
    }

    @Test
    void stateTagsAreSpelledAsTheRestApiSpellsThem() {
        assertEquals("in-use", FleetSnapshot.tag(DesktopState.IN_USE));
        assertEquals("available", FleetSnapshot.tag(DesktopState.AVAILABLE));
    }

    @Test
    void libvirtCodesBecomeShortTagsAndAnythingElseUnknown() {
        assertEquals("no_domain", LibvirtCodes.tag("VIR_ERR_NO_DOMAIN"));
        assertEquals("operation_invalid", LibvirtCodes.tag("VIR_ERR_OPERATION_INVALID"));
        assertEquals("no_network", LibvirtCodes.tag("VIR_WAR_NO_NETWORK"));
        assertEquals(LibvirtCodes.UNKNOWN, LibvirtCodes.tag(null));
        assertEquals(LibvirtCodes.UNKNOWN, LibvirtCodes.tag("cannot open /home/alice/key"));
        assertEquals(LibvirtCodes.UNKNOWN, LibvirtCodes.tag("VIR_ERR_"));
    }
}
