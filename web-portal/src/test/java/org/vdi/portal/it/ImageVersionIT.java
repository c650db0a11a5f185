package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * A new version of a golden image reaches a pool's spares at once and a held
 * desktop only at its next refresh.
 *
 * <p>Version 2 is the golden disk with one file added: {@code /marker}, which
 * the guest prints on its serial console at boot ({@link SerialLog#MARKER}).
 * So the tests see which version a desktop runs twice over: in the backing
 * store of its overlay, and in what the booted guest finds on its disk.
 */
class ImageVersionIT {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void sparesMoveToTheNewVersionAtOnceAndTheHeldDesktopAtItsRefresh() throws IOException {
        ApiClient admin = ApiClient.admin();
        ApiClient alice = ApiClient.alice();
        String storagePool = ItEnv.storagePool();
        String v1Path = Virsh.volumePath(storagePool, ItEnv.goldenVolume());
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("iv"), imageId);
            settings.put("assignment", "floating");
            settings.put("logoffPolicy", "refresh");
            settings.put("minSpare", 2);
            settings.put("maxSize", 3);
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("ImageVersionIT", poolId));

            // alice holds one desktop of version 1; the pool tops its spares up to two
            Broker.awaitDesktops(poolId, 2, "available", Duration.ofMinutes(3));
            ApiResponse a = alice.post("/pools/" + poolId + "/assignments", null).expect(200);
            String heldId = a.field("desktopId");
            String held = a.field("desktopName");
            String assignmentId = a.field("assignmentId");
            cleanup.add("release alice's desktop", () -> alice.delete("/assignments/" + assignmentId)
                    .expect(204, 409, 404));
            Wait.until("two spares besides alice's desktop", Duration.ofMinutes(3), Duration.ofSeconds(2),
                    () -> new Broker.Described(Broker.desktops(poolId)),
                    d -> d.list().size() == 3 && spares(d.list(), heldId).size() == 2
                            && spares(d.list(), heldId).stream().allMatch(x -> "available".equals(x.get("state"))));
            assertEquals(1, ((Number) Broker.desktop(heldId).get("imageVersion")).intValue(),
                    "alice's desktop runs version 1");
            assertEquals(v1Path, backingPath(storagePool, held), "alice's overlay is backed by version 1");
            assertFalse(SerialLog.awaitReady(held).contains(SerialLog.MARKER),
                    "version 1 has no marker file on its disk");
            String heldBoot = Virsh.domId(held);

            // version 2: the golden disk plus /marker
            String marker = "V2-" + ItEnv.random(8);
            String v2 = ItEnv.unique("v2") + ".img";
            cleanup.add("delete volume " + v2, () -> {
                if (Virsh.volumeExists(storagePool, v2)) {
                    Virsh.ok("vol-delete", "--pool", storagePool, v2);
                }
            });
            createVersionVolume(storagePool, v2, marker);
            String v2Path = Virsh.volumePath(storagePool, v2);

            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hostId", Broker.localHostId());
            body.put("volume", v2);
            Map<String, Object> image = admin.post("/images/" + imageId + "/versions", body).expect(200).object();
            assertEquals(2, ((Number) image.get("currentVersion")).intValue(), "version 2 is current: " + image);
            assertEquals(v2, image.get("currentVolume"), "version 2 is on the new volume: " + image);

            // the spares are rebuilt from version 2 (both are free, so both go in one monitor batch)
            List<Map<String, Object>> rebuilt = Wait.until("both spares rebuilt on image version 2",
                    Duration.ofMinutes(4), Duration.ofSeconds(2),
                    () -> new Broker.Described(spares(Broker.desktops(poolId), heldId)),
                    d -> d.list().size() == 2 && d.list().stream().allMatch(x -> "available".equals(x.get("state"))
                            && ((Number) x.get("imageVersion")).intValue() == 2)).list();
            for (Map<String, Object> s : rebuilt) {
                String name = Json.str(s, "name");
                assertEquals(v2Path, backingPath(storagePool, name), "the overlay of spare " + name
                        + " is backed by version 2");
                // the guest prints the marker only when it finds /marker on the disk it booted from
                SerialLog.await(name, SerialLog.MARKER + marker, SerialLog.BOOT_TIMEOUT);
            }

            // alice's desktop was left alone: still version 1, same boot, same disk
            Map<String, Object> stillHeld = Broker.desktop(heldId);
            assertEquals("assigned", stillHeld.get("state"), "alice's desktop stays assigned: " + stillHeld);
            assertEquals("alice", stillHeld.get("assignedTo"), "alice still holds it: " + stillHeld);
            assertEquals(1, ((Number) stillHeld.get("imageVersion")).intValue(),
                    "a held desktop keeps version 1 until its refresh: " + stillHeld);
            assertEquals(v1Path, backingPath(storagePool, held), "alice's overlay is still backed by version 1");
            assertEquals(heldBoot, Virsh.domId(held), "alice's desktop was not restarted by the new version");

            // an admin refreshes it while alice holds it: version 2, still hers
            admin.post("/desktops/" + heldId + "/actions/refresh", null).expect(202);
            Map<String, Object> refreshed = Wait.until("alice's desktop refreshed to version 2", Duration.ofMinutes(3),
                    Duration.ofMillis(500), () -> Broker.desktop(heldId),
                    d -> "assigned".equals(d.get("state")) && ((Number) d.get("imageVersion")).intValue() == 2);
            assertEquals("alice", refreshed.get("assignedTo"), "a refresh does not take the desktop from alice");
            assertEquals(v2Path, backingPath(storagePool, held), "after the refresh alice's overlay is backed by"
                    + " version 2");
            awaitNewBoot(held, heldBoot);
            SerialLog.await(held, SerialLog.MARKER + marker, SerialLog.BOOT_TIMEOUT);
            assertEquals(assignmentId, alice.post("/pools/" + poolId + "/assignments", null).expect(200)
                    .field("assignmentId"), "alice's assignment survived the refresh");

            // log-off with the refresh policy: free again, still on version 2
            alice.delete("/assignments/" + assignmentId).expect(204);
            Map<String, Object> free = Wait.until("alice's former desktop free again", Duration.ofMinutes(3),
                    Duration.ofMillis(500), () -> Broker.desktop(heldId),
                    d -> "available".equals(d.get("state")) && d.get("assignedTo") == null);
            assertEquals(2, ((Number) free.get("imageVersion")).intValue(), "refreshed at log-off to version 2");
            assertEquals(v2Path, backingPath(storagePool, held), "its overlay is backed by version 2");

            assertTrue(Broker.desktops(poolId).stream().allMatch(d -> ((Number) d.get("imageVersion")).intValue() == 2),
                    "the whole pool runs version 2: " + Broker.describe(Broker.desktops(poolId)));
            List<Object> actions = Db.auditEvents(imageId).stream().map(e -> e.get("action")).toList();
            assertTrue(actions.contains("image.version"), "adding the version is audited: " + actions);
        }
    }

    private static List<Map<String, Object>> spares(List<Map<String, Object>> desktops, String heldId) {
        return desktops.stream().filter(d -> !heldId.equals(d.get("id"))).toList();
    }

    /** The backing store of the desktop's overlay, as libvirt reports it. */
    private static String backingPath(String storagePool, String desktop) {
        return Xml.text(Xml.parse(Virsh.volumeXml(storagePool, desktop + ".qcow2")), "/volume/backingStore/path");
    }

    /**
     * A raw volume with the golden disk's content and one more file,
     * {@code /marker}: downloaded through libvirt, converted with qemu-img,
     * the file added with mtools (the golden disk is an unpartitioned FAT
     * file system), and uploaded as a new volume of the storage pool.
     */
    private static void createVersionVolume(String storagePool, String volume, String marker) throws IOException {
        Path dir = Files.createTempDirectory("vdi-it-image-");
        try {
            Path golden = dir.resolve("golden");
            Path raw = dir.resolve("v2.raw");
            Path markerFile = dir.resolve("marker");
            String format = Xml.text(Xml.parse(Virsh.volumeXml(storagePool, ItEnv.goldenVolume())),
                    "/volume/target/format/@type");
            Virsh.ok("vol-download", "--pool", storagePool, ItEnv.goldenVolume(), golden.toString());
            tool("qemu-img", "convert", "-f", format, "-O", "raw", golden.toString(), raw.toString());
            Files.writeString(markerFile, marker + "\n", StandardCharsets.US_ASCII);
            tool("mcopy", "-i", raw.toString(), markerFile.toString(), "::/marker");
            Virsh.ok("vol-create-as", storagePool, volume, Long.toString(Files.size(raw)), "--format", "raw");
            Virsh.ok("vol-upload", "--pool", storagePool, volume, raw.toString());
            Virsh.poolRefresh(storagePool);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(Virsh::deleteQuietly);
            }
        }
    }

    /** Runs a local tool with a timeout; fails with its output unless it exits with 0. */
    private static void tool(String... command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " -> exit " + p.exitValue() + ": " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Waits until the domain runs with another id than before: a new start, with a new serial log. */
    private static void awaitNewBoot(String domain, String idBefore) {
        String now = Wait.until("domain " + domain + " running again after id " + idBefore, Duration.ofMinutes(2),
                Duration.ofMillis(500), () -> Virsh.domId(domain), id -> id != null && !id.equals(idBefore));
        assertNotEquals(idBefore, now);
    }
}
