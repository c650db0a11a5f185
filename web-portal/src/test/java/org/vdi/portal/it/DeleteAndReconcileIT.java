package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An admin's delete removes domain, disk and row; a spare that disappears
 * from the hypervisor behind the broker's back is defined and started again by
 * reconcile; a domain without the broker's metadata is never touched, even
 * when its name looks like a desktop's.
 */
class DeleteAndReconcileIT {

    /** Reconcile runs every few monitor cycles; this covers a couple of passes and a TCG boot. */
    private static final Duration RECONCILE_TIMEOUT = Duration.ofSeconds(90);

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void adminDeleteRemovesEverythingAndReconcileRestoresAVanishedSpare() {
        ApiClient admin = ApiClient.admin();
        String storagePool = ItEnv.storagePool();
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("dr"), imageId);
            settings.put("assignment", "floating");
            settings.put("minSpare", 1);
            settings.put("maxSize", 1);
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("DeleteAndReconcileIT", poolId));

            // 1. admin action delete: domain, volume and row go
            Map<String, Object> first = Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3)).get(0);
            String firstId = Json.str(first, "id");
            String firstName = Json.str(first, "name");
            assertTrue(Virsh.domainExists(firstName) && Virsh.volumeExists(storagePool, firstName + ".qcow2"),
                    "desktop " + firstName + " has its domain and disk before the delete");
            admin.post("/desktops/" + firstId + "/actions/delete", null).expect(202, 204);
            Wait.untilTrue("desktop " + firstName + " gone from the API", Duration.ofMinutes(2),
                    () -> admin.get("/desktops/" + firstId).status() == 404);
            assertFalse(Virsh.domainExists(firstName), "domain " + firstName + " is undefined");
            assertFalse(Virsh.volumeExists(storagePool, firstName + ".qcow2"), "disk " + firstName + ".qcow2 is deleted");
            assertTrue(Broker.desktops(poolId).stream().noneMatch(d -> firstId.equals(d.get("id"))),
                    "the pool no longer lists " + firstName);

            // the pool makes a new spare to replace it
            Map<String, Object> spare = Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3)).get(0);
            String spareId = Json.str(spare, "id");
            String spareName = Json.str(spare, "name");
            assertNotEquals(firstId, spareId, "the replacement is a new desktop");
            SerialLog.awaitReady(spareName);

            // 2. a domain without the broker's metadata, named like a test desktop: never touched
            String foreign = ItEnv.prefix() + "-foreign-" + ItEnv.random(6);
            cleanup.add("remove foreign domain " + foreign, () -> Virsh.removeDomainQuietly(foreign));
            Virsh.define(foreignDomainXml(foreign));
            String foreignXml = Virsh.dumpInactiveXml(foreign);
            assertTrue(Xml.metadata(Xml.parse(foreignXml), Virsh.BROKER_NS).isEmpty(),
                    "the foreign domain has no broker metadata");

            // 3. the spare vanishes behind the broker's back. Undefine first, then destroy: the
            // running domain turns transient and is gone with the destroy, so there is no moment
            // in which a quick broker could start the still-defined domain again in between.
            Virsh.undefine(spareName);
            Virsh.destroy(spareName);

            Wait.untilTrue("reconcile to define and start " + spareName + " again", RECONCILE_TIMEOUT,
                    () -> "running".equals(Virsh.domState(spareName)) && Virsh.persistent(spareName));
            Map<String, Object> back = Broker.awaitDesktopState(spareId, "available", Duration.ofMinutes(1));
            assertEquals(spareName, back.get("name"), "the same desktop is back");
            assertTrue(Xml.metadata(Xml.parse(Virsh.dumpXml(spareName)), Virsh.BROKER_NS).size() == 1,
                    "the restored domain carries the broker's metadata");
            assertEquals(1, Broker.desktops(poolId).size(), "reconcile restored it; the pool made no other desktop");
            SerialLog.awaitReady(spareName);

            // that reconcile pass (and any later one) left the foreign domain alone
            assertTrue(Virsh.domainExists(foreign), "reconcile must not remove a domain without the broker's metadata");
            assertEquals("shut off", Virsh.domState(foreign), "reconcile must not start a foreign domain");
            assertEquals(foreignXml, Virsh.dumpInactiveXml(foreign), "reconcile must not redefine a foreign domain");
            Virsh.undefine(foreign);
        }
    }

    /** The smallest domain libvirt accepts; it is never started. */
    private static String foreignDomainXml(String name) {
        return "<domain type='" + ItEnv.virtType() + "'>\n"
                + "  <name>" + name + "</name>\n"
                + "  <memory unit='MiB'>32</memory>\n"
                + "  <os><type arch='x86_64'>hvm</type></os>\n"
                + "</domain>\n";
    }
}
