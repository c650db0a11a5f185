package org.vdi.broker.application;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.VirtualizationType;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.shared.BrokerException;

class VolumeLocationsTest {

    private static final String DIR = "/var/lib/libvirt/images/vdi";
    private static final Host HOST = new Host("kvm-1", "qemu+ssh://root@kvm1.example/system", "vdi",
            VirtualizationType.KVM, "10.0.0.5", 40, 65_536);

    private static VolumeInfo vol(String name, String backing) {
        return new VolumeInfo(name, DIR + "/" + name, "qcow2", 1 << 30, 1 << 20, backing);
    }

    private static void check(VolumeInfo v, Map<String, VolumeInfo> pool) {
        new VolumeLocations().requireChainInsidePool(HOST, v, f -> Optional.ofNullable(pool.get(f)));
    }

    @Test
    void aChainInsideThePoolIsAccepted() {
        VolumeInfo base = vol("base.qcow2", null);
        VolumeInfo mid = vol("mid.qcow2", DIR + "/base.qcow2");
        assertDoesNotThrow(() -> check(vol("golden.qcow2", DIR + "/mid.qcow2"),
                Map.of("mid.qcow2", mid, "base.qcow2", base)));
        assertDoesNotThrow(() -> check(base, Map.of()));
    }

    @Test
    void aChainThatLeavesThePoolIsRefused() {
        for (String outside : new String[] {"/etc/shadow", DIR + "/../other/disk.qcow2", "/home/alice/disk.qcow2",
                "relative.qcow2"}) {
            BrokerException e = assertThrows(BrokerException.class,
                    () -> check(vol("golden.qcow2", outside), Map.of()), outside);
            assertEquals("invalid_path", e.code().code());
        }
        BrokerException unknown = assertThrows(BrokerException.class,
                () -> check(vol("golden.qcow2", DIR + "/not-a-volume.qcow2"), Map.of()));
        assertTrue(unknown.getMessage().contains("no volume"), unknown.getMessage());
        VolumeInfo deeper = vol("mid.qcow2", "/etc/passwd");
        assertThrows(BrokerException.class, () -> check(vol("golden.qcow2", DIR + "/mid.qcow2"),
                Map.of("mid.qcow2", deeper)), "the second link counts too");
    }

    @Test
    void aLoopEndsAtTheDepthLimit() {
        VolumeInfo a = vol("a.qcow2", DIR + "/b.qcow2");
        VolumeInfo b = vol("b.qcow2", DIR + "/a.qcow2");
        BrokerException e = assertThrows(BrokerException.class, () -> check(a, Map.of("a.qcow2", a, "b.qcow2", b)));
        assertTrue(e.getMessage().contains("deeper than"), e.getMessage());
    }
}
