package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

/**
 * Placement spreads a pool over two hosts and respects a host's limit.
 *
 * <p>Why a second storage pool stands in for a second machine: the broker
 * knows a host only as (libvirt URI, storage pool, limits). Everything it
 * places per host - the golden volume it clones from, the desktop's disk, the
 * count against maxDesktops - lives in that storage pool and in the host's row,
 * and it reaches each host through its own libvirt connection. A second host
 * record with the same URI but its own storage pool (with its own copy of the
 * golden volume) therefore takes the same code paths as a second machine,
 * except for the network; and the test stays runnable on one machine with one
 * libvirtd. Domain names are global on one libvirtd, but the broker's desktop
 * names are unique across hosts anyway.
 */
class TwoHostsIT {

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void desktopsLandOnBothHostsAndTheSecondHostsLimitHolds() throws IOException {
        ApiClient admin = ApiClient.admin();
        String storage2 = ItEnv.unique("s2");
        String host2 = ItEnv.unique("h2");
        Path dir = Files.createTempDirectory(storage2 + "-");
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("remove temporary directory " + dir, () -> deleteTree(dir));

            // the second "host": its own dir storage pool with its own copy of the golden volume
            Virsh.ok("pool-define-as", storage2, "dir", "--target", dir.toString());
            cleanup.add("remove storage pool " + storage2, () -> removeStoragePool(storage2));
            Virsh.ok("pool-start", storage2);
            Path xml = dir.resolve(".golden-volume.xml");
            long capacity = Long.parseLong(Xml.text(Xml.parse(Virsh.volumeXml(ItEnv.storagePool(),
                    ItEnv.goldenVolume())), "/volume/capacity"));
            Files.writeString(xml, "<volume><name>" + ItEnv.goldenVolume() + "</name>"
                    + "<capacity unit='bytes'>" + capacity + "</capacity>"
                    + "<target><format type='qcow2'/></target></volume>\n");
            Virsh.ok("vol-create-from", "--pool", storage2, "--file", xml.toString(), "--vol", ItEnv.goldenVolume(),
                    "--inputpool", ItEnv.storagePool());
            Files.delete(xml);
            Virsh.poolRefresh(storage2);

            Map<String, Object> reg = new LinkedHashMap<>();
            reg.put("name", host2);
            reg.put("libvirtUri", ItEnv.libvirtUri());
            reg.put("storagePool", storage2);
            reg.put("virtualizationType", ItEnv.virtType());
            reg.put("maxDesktops", 2);
            Map<String, Object> h2 = admin.post("/hosts", reg).expect(201).object();
            assertEquals("up", h2.get("state"), "the second host is up: " + h2);
            String host2Id = Json.str(h2, "id");
            // There is no DELETE /hosts. Once its storage pool is gone (after the test pool was drained),
            // a probe marks the host down, so placement never picks it again.
            cleanup.add("remove storage pool " + storage2 + " and mark host " + host2 + " down", () -> {
                removeStoragePool(storage2);
                Map<String, Object> h = admin.post("/hosts/" + host2Id + "/probe", null).expect(200).object();
                assertTrue(!"up".equals(h.get("state")), "host " + host2 + " is no longer up after its storage"
                        + " pool was removed: " + h);
            });

            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("th"), imageId);
            settings.put("assignment", "floating");
            settings.put("minSpare", 4);
            settings.put("maxSize", 4);
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("TwoHostsIT", poolId));

            List<Map<String, Object>> desktops = Broker.awaitDesktops(poolId, 4, "available", Duration.ofMinutes(4));
            Map<String, List<String>> byHost = desktops.stream().collect(Collectors.groupingBy(
                    d -> Json.str(d, "host"), Collectors.mapping(d -> Json.str(d, "name"), Collectors.toList())));
            assertTrue(byHost.containsKey("local") && byHost.containsKey(host2),
                    "desktops land on both hosts: " + byHost);
            assertTrue(byHost.get(host2).size() <= 2, "host " + host2 + " has maxDesktops 2: " + byHost);
            assertEquals(4, byHost.values().stream().mapToInt(List::size).sum(), "all four placed: " + byHost);

            // each desktop's disk lives in its host's storage pool, cloned from that pool's golden copy
            for (Map.Entry<String, List<String>> e : byHost.entrySet()) {
                String pool = e.getKey().equals(host2) ? storage2 : ItEnv.storagePool();
                String golden = Virsh.volumePath(pool, ItEnv.goldenVolume());
                for (String name : e.getValue()) {
                    Document vol = Xml.parse(Virsh.volumeXml(pool, name + ".qcow2"));
                    assertEquals(golden, Xml.text(vol, "/volume/backingStore/path"),
                            name + " on " + e.getKey() + " is a clone of " + golden);
                    Document dom = Xml.parse(Virsh.dumpXml(name));
                    assertEquals(Virsh.volumePath(pool, name + ".qcow2"),
                            Xml.text(dom, "/domain/devices/disk[@device='disk']/source/@file"),
                            name + " boots from storage pool " + pool);
                    assertEquals("running", Virsh.domState(name), name + " runs");
                }
            }
        }
    }

    private static void removeStoragePool(String pool) {
        if (!Virsh.poolExists(pool)) {
            return;
        }
        Virsh.run("pool-refresh", pool);
        for (String line : Virsh.run("vol-list", pool).out().lines().toList()) {
            String vol = line.strip().split("\\s+")[0];
            if (!vol.isEmpty()) {
                Virsh.run("vol-delete", "--pool", pool, vol);
            }
        }
        Virsh.run("pool-destroy", pool);
        Virsh.ok("pool-undefine", pool);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
