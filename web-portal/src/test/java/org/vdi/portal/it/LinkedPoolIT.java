package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A linked-clone pool fills itself: three warm spares, each a running domain
 * whose disk is a qcow2 overlay on the golden volume, marked with the broker's
 * metadata, and booted to the guest's ready line.
 */
class LinkedPoolIT {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void linkedPoolKeepsThreeRunningOverlayClonesOfTheGoldenImage() {
        String storagePool = ItEnv.storagePool();
        String goldenPath = Virsh.volumePath(storagePool, ItEnv.goldenVolume());
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("lp"), imageId);
            settings.put("minSpare", 3);
            settings.put("maxSize", 3);
            settings.put("assignment", "floating");
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("LinkedPoolIT", poolId));

            List<Map<String, Object>> desktops = Broker.awaitDesktops(poolId, 3, "available",
                    Duration.ofMinutes(3));

            Set<String> names = new HashSet<>();
            for (Map<String, Object> d : desktops) {
                String name = Json.str(d, "name");
                String id = Json.str(d, "id");
                assertTrue(names.add(name), "desktop names are unique: " + Broker.describe(desktops));
                assertTrue(name.startsWith(settings.get("name") + "-"), "default naming <pool>-{n}: " + name);
                assertEquals("local", d.get("host"), "the only host is local");

                assertEquals("running", Virsh.domState(name), "domain " + name + " runs");

                // the disk: a qcow2 overlay whose backing store is the golden volume
                Document vol = Xml.parse(Virsh.volumeXml(storagePool, name + ".qcow2"));
                assertEquals("qcow2", Xml.text(vol, "/volume/target/format/@type"), "format of " + name + ".qcow2");
                assertEquals(goldenPath, Xml.text(vol, "/volume/backingStore/path"),
                        "backing store of " + name + ".qcow2 is the golden volume");

                // the domain: uses that disk and carries the broker's mark with this desktop's id
                Document dom = Xml.parse(Virsh.dumpXml(name));
                String diskPath = Virsh.volumePath(storagePool, name + ".qcow2");
                assertEquals(diskPath, Xml.text(dom, "/domain/devices/disk[@device='disk']/source/@file"),
                        "domain " + name + " boots from its own overlay");
                List<Element> marks = Xml.metadata(dom, Virsh.BROKER_NS);
                assertEquals(1, marks.size(), "domain " + name + " carries the broker's metadata "
                        + Virsh.BROKER_NS);
                assertEquals(id, marks.get(0).getAttribute("desktop-id"), "metadata desktop-id of " + name);
                assertEquals(poolId, marks.get(0).getAttribute("pool-id"), "metadata pool-id of " + name);
            }
            for (String name : names) {
                String log = SerialLog.awaitReady(name);
                assertFalse(log.contains(SerialLog.MARKER), "a fresh clone has no marker file: " + name);
            }
        }
    }
}
