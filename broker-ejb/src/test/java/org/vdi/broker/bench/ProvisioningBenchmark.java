package org.vdi.broker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.VirtualizationType;
import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.CloneMode;
import org.vdi.broker.infrastructure.libvirt.LibvirtConnections;
import org.vdi.broker.infrastructure.libvirt.LibvirtHypervisor;

/**
 * Provisioning benchmark, run by {@code ./vdi bench provision}: desktops per
 * second through the broker's own libvirt adapter (clone + define + start) for
 * linked clones and full copies of the test golden image, and the clone time
 * from 1 GB and 20 GB sparse golden images. Prints the figures and the
 * linked/full ratios. Not a test: nothing here asserts.
 *
 * <p>Environment (set by bench/provision.sh): VDI_LIBVIRT_URI, VDI_STORAGE_POOL,
 * VDI_GOLDEN_VOLUME, VDI_VIRT_TYPE, VDI_NAME_PREFIX, VDI_BENCH_DESKTOPS (20),
 * VDI_BENCH_SPARSE_DIR (where bench/provision.sh made the sparse images).
 */
public final class ProvisioningBenchmark {

    private final Hypervisor hv;
    private final Host host;
    private final String prefix;
    private final VirtualizationType type;
    private final List<String> domains = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();

    private ProvisioningBenchmark(Hypervisor hv, Host host, String prefix, VirtualizationType type) {
        this.hv = hv;
        this.host = host;
        this.prefix = prefix;
        this.type = type;
    }

    public static void main(String[] args) throws Exception {
        String uri = env("VDI_LIBVIRT_URI");
        String pool = env("VDI_STORAGE_POOL");
        String golden = env("VDI_GOLDEN_VOLUME");
        VirtualizationType type = VirtualizationType.parse(env("VDI_VIRT_TYPE"));
        String prefix = env("VDI_NAME_PREFIX");
        int n = Integer.parseInt(System.getenv().getOrDefault("VDI_BENCH_DESKTOPS", "20"));
        Host host = new Host("bench", uri, pool, type, "127.0.0.1", 1000, 1_048_576);
        LibvirtConnections connections = new LibvirtConnections();
        ProvisioningBenchmark b = new ProvisioningBenchmark(new LibvirtHypervisor(connections), host, prefix, type);
        try {
            System.out.printf(Locale.ROOT, "provisioning benchmark: %d desktops per mode, %s, golden %s%n", n,
                    type.domainType(), golden);
            double linked = b.desktopsPerSecond(golden, CloneMode.LINKED, n);
            b.cleanup();
            double full = b.desktopsPerSecond(golden, CloneMode.FULL, n);
            b.cleanup();
            System.out.printf(Locale.ROOT, "%-44s %10.2f desktops/s%n", "linked clone + define + start", linked);
            System.out.printf(Locale.ROOT, "%-44s %10.2f desktops/s%n", "full copy + define + start", full);
            System.out.printf(Locale.ROOT, "%-44s %10.2fx%n", "ratio linked / full", linked / full);
            for (String size : List.of("1g", "20g")) {
                String vol = prefix + "-sparse-" + size + ".qcow2";
                double l = b.cloneMillis(vol, CloneMode.LINKED);
                double f = b.cloneMillis(vol, CloneMode.FULL);
                System.out.printf(Locale.ROOT, "%-44s %10.1f ms%n", "clone from " + size + " sparse golden, linked", l);
                System.out.printf(Locale.ROOT, "%-44s %10.1f ms%n", "clone from " + size + " sparse golden, full", f);
                System.out.printf(Locale.ROOT, "%-44s %10.1fx%n", "ratio full / linked (" + size + ")", f / l);
            }
        } finally {
            b.cleanup();
            connections.closeAll();
        }
    }

    private double desktopsPerSecond(String golden, CloneMode mode, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String name = prefix + "-b" + mode.name().charAt(0) + i;
            String disk = name + ".qcow2";
            volumes.add(disk);
            hv.createDisk(host, golden, disk, mode);
            domains.add(name);
            hv.define(host, new DomainSpec(name, UUID.randomUUID(), UUID.randomUUID(), type, 64, 1, disk, true,
                    false, false, "127.0.0.1", null));
            hv.start(host, name);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return n / seconds;
    }

    private double cloneMillis(String goldenVolume, CloneMode mode) {
        String disk = prefix + "-bclone-" + mode.name().toLowerCase(Locale.ROOT) + ".qcow2";
        volumes.add(disk);
        long t0 = System.nanoTime();
        hv.createDisk(host, goldenVolume, disk, mode);
        double ms = (System.nanoTime() - t0) / 1e6;
        hv.deleteVolume(host, disk);
        return ms;
    }

    private void cleanup() {
        for (String d : domains) {
            hv.destroy(host, d);
            hv.undefine(host, d);
        }
        domains.clear();
        for (String v : volumes) {
            hv.deleteVolume(host, v);
        }
        volumes.clear();
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("set " + name + " (bench/provision.sh does)");
        }
        return v;
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
