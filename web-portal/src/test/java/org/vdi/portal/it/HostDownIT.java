package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.vdi.portal.it.ApiClient.ApiResponse;

/**
 * A host goes down and comes back while a user holds a desktop there.
 *
 * <p>The second host is a host record with its own storage pool on the same
 * libvirtd (see {@link TwoHostsIT} for why that takes the same code paths as a
 * second machine); stopping that storage pool makes the host unusable, as a
 * lost disk shelf would. Its pool's image lives only there, so placement can
 * put that pool nowhere else.
 *
 * <p>What must hold: the host is reported down with its reason, its desktops
 * go unavailable, the pool on the other host goes on getting spares, and a
 * session that runs past its maximum while its host is down is released only
 * once the host is back (its refresh needs the host) - without keeping the
 * monitor from expiring and reconciling everything else meanwhile.
 */
class HostDownIT {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void poolsGoOnWhileAHostIsDownAndItsExpiredSessionEndsWhenItIsBack() throws IOException {
        ApiClient admin = ApiClient.admin();
        ApiClient alice = ApiClient.alice();
        String storage2 = ItEnv.unique("s2");
        String host2 = ItEnv.unique("h2");
        String golden2 = ItEnv.unique("g2") + ".qcow2";
        Path dir = Files.createTempDirectory(storage2 + "-");
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("remove temporary directory " + dir, () -> deleteTree(dir));

            Virsh.ok("pool-define-as", storage2, "dir", "--target", dir.toString());
            cleanup.add("remove storage pool " + storage2, () -> removeStoragePool(storage2));
            Virsh.ok("pool-start", storage2);
            copyGolden(storage2, golden2, dir);

            Map<String, Object> reg = new LinkedHashMap<>();
            reg.put("name", host2);
            reg.put("libvirtUri", ItEnv.libvirtUri());
            reg.put("storagePool", storage2);
            reg.put("virtualizationType", ItEnv.virtType());
            reg.put("maxDesktops", 2);
            Map<String, Object> h2 = admin.post("/hosts", reg).expect(201).object();
            String host2Id = Json.str(h2, "id");
            assertEquals("up", h2.get("state"), "the second host is up: " + h2);
            // There is no DELETE /hosts: once its storage pool is gone, a probe keeps the host down for good.
            cleanup.add("remove storage pool " + storage2 + " and mark host " + host2 + " down", () -> {
                removeStoragePool(storage2);
                admin.post("/hosts/" + host2Id + "/probe", null).expect(200);
            });

            // pool "remote": its image exists only on the second host
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("name", ItEnv.unique("img"));
            image.put("hostId", host2Id);
            image.put("volume", golden2);
            String remoteImage = admin.post("/images", image).expect(201).field("id");
            Map<String, Object> remote = Broker.poolSettings(ItEnv.unique("hr"), remoteImage);
            remote.put("assignment", "floating");
            remote.put("logoffPolicy", "refresh");
            remote.put("maxSessionMinutes", 1);
            remote.put("minSpare", 1);
            remote.put("maxSize", 3);
            String remotePool = Broker.createPool(remote);
            cleanup.add("delete pool " + remote.get("name"), () -> Broker.deletePool("HostDownIT", remotePool));
            // deleting its desktops needs the storage pool: start it again first if the test stopped early
            cleanup.add("start storage pool " + storage2 + " again", () -> {
                if (Virsh.poolExists(storage2) && Virsh.ok("pool-info", storage2).contains("inactive")) {
                    Virsh.ok("pool-start", storage2);
                    admin.post("/hosts/" + host2Id + "/probe", null).expect(200);
                }
            });

            // pool "local": the ordinary golden image, on the local host only
            Map<String, Object> local = Broker.poolSettings(ItEnv.unique("hl"), Broker.registerGoldenImage(
                    ItEnv.unique("img")));
            local.put("assignment", "floating");
            local.put("minSpare", 1);
            local.put("maxSize", 2);
            String localPool = Broker.createPool(local);
            cleanup.add("delete pool " + local.get("name"), () -> Broker.deletePool("HostDownIT", localPool));

            Broker.awaitDesktops(localPool, 1, "available", Duration.ofMinutes(3));
            Broker.awaitDesktops(remotePool, 1, "available", Duration.ofMinutes(3));

            // alice holds the remote desktop; the pool makes another spare on the second host
            ApiResponse a = alice.post("/pools/" + remotePool + "/assignments", null).expect(200);
            String assignmentId = a.field("assignmentId");
            String heldId = a.field("desktopId");
            cleanup.add("release alice's desktop", () -> alice.delete("/assignments/" + assignmentId)
                    .expect(204, 404, 409));
            List<Map<String, Object>> remoteDesktops = Wait.until("a second desktop in the remote pool",
                    Duration.ofMinutes(3), Duration.ofSeconds(2), () -> new Broker.Described(Broker.desktops(remotePool)),
                    d -> d.list().size() == 2 && d.list().stream().noneMatch(x -> "provisioning".equals(x.get("state"))
                            || "starting".equals(x.get("state")))).list();
            assertTrue(remoteDesktops.stream().allMatch(d -> host2.equals(d.get("host"))),
                    "the remote pool's desktops are on " + host2 + ": " + Broker.describe(remoteDesktops));

            // the second host goes down
            Virsh.ok("pool-destroy", storage2);
            Map<String, Object> down = admin.post("/hosts/" + host2Id + "/probe", null).expect(200).object();
            assertEquals("down", down.get("state"), "a host whose storage pool stopped is down: " + down);
            assertTrue(String.valueOf(down.get("stateReason")).contains(storage2),
                    "the reason names the storage pool: " + down);
            Map<String, Object> listed = Broker.host(host2);
            assertEquals("down", listed.get("state"), "GET /hosts shows it down: " + listed);
            Map<String, Object> unavailable = Broker.awaitDesktopState(heldId, "unavailable", Duration.ofMinutes(1));
            assertTrue(String.valueOf(unavailable.get("stateCause")).contains("host down"),
                    "the desktop says why: " + unavailable);
            assertEquals("alice", unavailable.get("assignedTo"), "alice still holds it: " + unavailable);

            // the local pool goes on: one more spare, on the local host
            local.put("minSpare", 2);
            admin.put("/pools/" + localPool, local).expect(200);
            List<Map<String, Object>> localDesktops = Broker.awaitDesktops(localPool, 2, "available",
                    Duration.ofMinutes(3));
            assertTrue(localDesktops.stream().allMatch(d -> "local".equals(d.get("host"))),
                    "the local pool's spares are on the local host: " + Broker.describe(localDesktops));
            List<Map<String, Object>> stillRemote = Broker.desktops(remotePool);
            assertEquals(2, stillRemote.size(), "the remote pool gets no desktop while its only host is down: "
                    + Broker.describe(stillRemote));

            // alice's session passes its maximum while the host is down: it cannot be refreshed, so it stays
            Wait.untilTrue("70 s since alice's assignment", Duration.ofMinutes(2), () -> ((Number) Db.query(
                    "SELECT extract(epoch FROM now() - created_at) AS s FROM assignment WHERE id = ?::uuid",
                    assignmentId).get(0).get("s")).doubleValue() >= 70);
            assertNull(releasedAt(assignmentId), "a session whose desktop cannot be refreshed now is not ended");
            alice.delete("/assignments/" + assignmentId).expectError(409, "invalid_state");
            assertEquals("unavailable", Broker.desktop(heldId).get("state"), "and the desktop waits for its host");

            // the host comes back: reconcile finds it up, the desktop runs again, then the session ends
            Virsh.ok("pool-start", storage2);
            Wait.until("host " + host2 + " up again (reconcile probes the hosts)", Duration.ofMinutes(1),
                    Duration.ofSeconds(2), () -> Broker.host(host2), h -> "up".equals(h.get("state")));
            Wait.untilPresent("alice's session ended once its desktop could be refreshed", Duration.ofMinutes(2),
                    () -> releasedAt(assignmentId));
            List<Map<String, Object>> row = Db.query("SELECT release_reason FROM assignment WHERE id = ?::uuid",
                    assignmentId);
            assertEquals("maximum session time reached", row.get(0).get("release_reason"));
            Map<String, Object> back = Broker.awaitDesktopState(heldId, "available", Duration.ofMinutes(3));
            assertNull(back.get("assignedTo"), "refreshed and free again: " + back);
            List<Object> states = Db.transitions(heldId).stream().map(t -> t.get("to_state")).toList();
            assertTrue(states.lastIndexOf("REFRESHING") > states.lastIndexOf("UNAVAILABLE"),
                    "refreshed after its host came back: " + states);
        }
    }

    private static Object releasedAt(String assignmentId) {
        return Db.query("SELECT released_at FROM assignment WHERE id = ?::uuid", assignmentId).get(0)
                .get("released_at");
    }

    /** A qcow2 copy of the golden volume under another name, made by libvirt. */
    private static void copyGolden(String storagePool, String volume, Path dir) throws IOException {
        Path xml = dir.resolve(".golden-volume.xml");
        long capacity = Long.parseLong(Xml.text(Xml.parse(Virsh.volumeXml(ItEnv.storagePool(),
                ItEnv.goldenVolume())), "/volume/capacity"));
        Files.writeString(xml, "<volume><name>" + volume + "</name>"
                + "<capacity unit='bytes'>" + capacity + "</capacity>"
                + "<target><format type='qcow2'/></target></volume>\n");
        Virsh.ok("vol-create-from", "--pool", storagePool, "--file", xml.toString(), "--vol", ItEnv.goldenVolume(),
                "--inputpool", ItEnv.storagePool());
        Files.delete(xml);
        Virsh.poolRefresh(storagePool);
    }

    private static void removeStoragePool(String pool) {
        if (!Virsh.poolExists(pool)) {
            return;
        }
        if (Virsh.ok("pool-info", pool).contains("inactive")) {
            Virsh.run("pool-start", pool);
        }
        Virsh.run("pool-refresh", pool);
        for (String line : Virsh.run("vol-list", pool).out().lines().toList()) {
            String vol = line.strip().split("\\s+")[0];
            if (!vol.isEmpty()) {
                Virsh.run("vol-delete", "--pool", pool, vol);
            }
        }
        Virsh.run("pool-destroy", pool);
        Virsh.run("pool-undefine", pool);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(Virsh::deleteQuietly);
        }
    }
}
