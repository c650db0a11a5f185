package org.vdi.broker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.VirtualizationType;
import org.vdi.broker.domain.model.hypervisor.AgentReply;
import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.CloneMode;
import org.vdi.broker.infrastructure.libvirt.LibvirtConnections;
import org.vdi.broker.infrastructure.libvirt.LibvirtHypervisor;

/**
 * Readiness benchmark, run by {@code ./vdi bench readiness}: the time from a
 * desktop's start (libvirt's start returned) to its guest agent's first answer
 * to guest-ping, through the broker's own libvirt adapter, for
 * VDI_BENCH_DESKTOPS linked clones of the test golden image started one after
 * the other (so each boot has the host to itself, as far as this machine's
 * other users allow). Prints min, p50, p95 and max. Not a test: nothing here
 * asserts.
 *
 * <p>Environment (set by bench/readiness.sh): VDI_LIBVIRT_URI, VDI_STORAGE_POOL,
 * VDI_GOLDEN_VOLUME, VDI_VIRT_TYPE, VDI_NAME_PREFIX, VDI_BENCH_DESKTOPS (20).
 */
public final class ReadinessBenchmark {

    /** Between two pings: well below the figure measured, so it adds little to it. */
    private static final long POLL_MILLIS = 100;

    private static final long GIVE_UP_MILLIS = 180_000;

    public static void main(String[] args) throws Exception {
        String uri = env("VDI_LIBVIRT_URI");
        String pool = env("VDI_STORAGE_POOL");
        String golden = env("VDI_GOLDEN_VOLUME");
        VirtualizationType type = VirtualizationType.parse(env("VDI_VIRT_TYPE"));
        String prefix = env("VDI_NAME_PREFIX");
        int n = Integer.parseInt(System.getenv().getOrDefault("VDI_BENCH_DESKTOPS", "20"));
        Host host = new Host("bench", uri, pool, type, "127.0.0.1", 1000, 1_048_576);
        LibvirtConnections connections = new LibvirtConnections();
        Hypervisor hv = new LibvirtHypervisor(connections);
        List<Double> seconds = new ArrayList<>();
        System.out.printf(Locale.ROOT, "readiness benchmark: %d desktops one after the other, %s, golden %s%n", n,
                type.domainType(), golden);
        try {
            for (int i = 0; i < n; i++) {
                String name = prefix + "-r" + i;
                String disk = name + ".qcow2";
                try {
                    hv.createDisk(host, golden, disk, CloneMode.LINKED);
                    hv.define(host, new DomainSpec(name, UUID.randomUUID(), UUID.randomUUID(), type, 128, 1, disk,
                            true, false, false, "127.0.0.1", null));
                    hv.start(host, name);
                    long t0 = System.nanoTime();
                    double s = untilAgentAnswers(hv, host, name, t0);
                    seconds.add(s);
                    System.out.printf(Locale.ROOT, "  %s: agent answered %.2f s after the start%n", name, s);
                } finally {
                    hv.destroy(host, name);
                    hv.undefine(host, name);
                    hv.deleteVolume(host, disk);
                }
            }
        } finally {
            connections.closeAll();
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-44s %8.2f s%n", "start to agent-ready, min", sorted.get(0));
        System.out.printf(Locale.ROOT, "%-44s %8.2f s%n", "start to agent-ready, p50", percentile(sorted, 50));
        System.out.printf(Locale.ROOT, "%-44s %8.2f s%n", "start to agent-ready, p95", percentile(sorted, 95));
        System.out.printf(Locale.ROOT, "%-44s %8.2f s%n", "start to agent-ready, max", sorted.get(sorted.size() - 1));
    }

    private static double untilAgentAnswers(Hypervisor hv, Host host, String name, long t0)
            throws InterruptedException {
        String last = "";
        while (System.nanoTime() - t0 < GIVE_UP_MILLIS * 1_000_000) {
            AgentReply r = hv.pingGuestAgent(host, name, 1);
            if (r.answered()) {
                return (System.nanoTime() - t0) / 1e9;
            }
            last = r.detail();
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("the guest agent of " + name + " did not answer within "
                + GIVE_UP_MILLIS / 1000 + " s: " + last);
    }

    /** Nearest-rank percentile of a sorted list. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("set " + name + " (bench/readiness.sh does)");
        }
        return v;
    }
}
