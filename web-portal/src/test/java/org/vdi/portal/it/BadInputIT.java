package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.vdi.portal.it.ApiClient.ApiResponse;

/**
 * What the API refuses, with which status and code: names that would be
 * dangerous in libvirt XML, file names, HTML or logs; volume paths that leave
 * the storage pool (also through a symlink); inconsistent pool sizes and
 * unknown images; users outside a pool's entitlement (and the audit trail
 * keeps the attempt); someone else's assignment or desktop; a user's token on
 * admin calls; and no token or a forged one at all.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BadInputIT {

    private static final ApiClient ADMIN = ApiClient.admin();

    /** Names that must never become a pool, image or desktop name. */
    private static final List<String> BAD_NAMES = List.of(
            "a<b", "a>b", "a&b", "a\"b", "a'b", "a/b", "a\\b", "..", "../etc", "a..b", ".hidden", "-dash",
            "a b", "a;b", "a\u0000b", "a\u0001b", "a\nb", "a\tb", "a\u007fb", "caf\u00e9", "", "x".repeat(65));

    private static String imageId;

    @BeforeAll
    static void image() {
        imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
    }

    private static Map<String, Object> pool(String name) {
        Map<String, Object> s = Broker.poolSettings(name, imageId);
        s.put("minSpare", 0);
        s.put("maxSize", 1);
        return s;
    }

    private static String show(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.length() > 20 ? b.substring(0, 20) + "...(" + s.length() + " chars)" : b.toString();
    }

    @Test
    void badPoolNamesAreInvalidName() {
        for (String bad : BAD_NAMES) {
            try {
                ADMIN.post("/pools", pool(bad)).expectError(400, "invalid_name");
            } catch (AssertionError e) {
                throw new AssertionError("pool name \"" + show(bad) + "\": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void badImageNamesAreInvalidName() {
        for (String bad : BAD_NAMES) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", bad);
            body.put("hostId", Broker.localHostId());
            body.put("volume", ItEnv.goldenVolume());
            try {
                ADMIN.post("/images", body).expectError(400, "invalid_name");
            } catch (AssertionError e) {
                throw new AssertionError("image name \"" + show(bad) + "\": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void controlCharactersInAnImageDescriptionAreInvalidInput() {
        for (String bad : List.of("a\u0000b", "a\u0001b", "\u001b[31mred", "a\u007fb")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", ItEnv.unique("img"));
            body.put("description", bad);
            body.put("hostId", Broker.localHostId());
            body.put("volume", ItEnv.goldenVolume());
            try {
                ADMIN.post("/images", body).expectError(400, "invalid_input");
            } catch (AssertionError e) {
                throw new AssertionError("image description \"" + show(bad) + "\": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void badHostNamesAreRefused() {
        for (String bad : BAD_NAMES) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", bad);
            body.put("libvirtUri", ItEnv.libvirtUri());
            body.put("storagePool", ItEnv.storagePool());
            body.put("virtualizationType", ItEnv.virtType());
            ApiResponse r = ADMIN.post("/hosts", body);
            // a name error; which of the two 400 codes depends on where it is caught
            if (r.status() != 400 || !List.of("invalid_name", "invalid_input").contains(r.errorCode())) {
                throw new AssertionError("host name \"" + show(bad) + "\": expected 400 invalid_name but got " + r);
            }
        }
    }

    @Test
    void badNamingPatternsAreInvalidName() {
        List<String> patterns = List.of("a<b-{n}", "a&{n}", "a\"{n}", "x/{n}", "../{n}", "{n}/..", "a..{n}",
                "a\u0001{n}", "a b {n}", "no-number", "x".repeat(60) + "-{n}");
        for (String bad : patterns) {
            Map<String, Object> s = pool(ItEnv.unique("bi"));
            s.put("namingPattern", bad);
            try {
                ADMIN.post("/pools", s).expectError(400, "invalid_name");
            } catch (AssertionError e) {
                throw new AssertionError("naming pattern \"" + show(bad) + "\": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void theLongestNameIsAccepted() {
        // 64 characters is the limit, not 63: this pool is valid (and makes no desktops)
        String name = (ItEnv.prefix() + "-bi-" + ItEnv.random(6) + "-").toLowerCase();
        name = name + "x".repeat(64 - name.length());
        Map<String, Object> s = pool(name);
        s.put("namingPattern", ItEnv.prefix() + "-bi-" + ItEnv.random(6) + "-{n}");
        String id = ADMIN.post("/pools", s).expect(201).field("id");
        Broker.deletePool("BadInputIT", id);
    }

    @Test
    void volumesOutsideTheStoragePoolAreInvalidPath() throws Exception {
        String host = Broker.localHostId();
        for (String bad : List.of("../../etc/passwd", "/etc/passwd", "a/b.qcow2", "..", "sub/" + ItEnv.goldenVolume(),
                "..%2F..%2Fetc%2Fpasswd".replace("%2F", "/"))) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", ItEnv.unique("img"));
            body.put("hostId", host);
            body.put("volume", bad);
            try {
                ADMIN.post("/images", body).expectError(400, "invalid_path");
            } catch (AssertionError e) {
                throw new AssertionError("volume \"" + bad + "\": " + e.getMessage(), e);
            }
        }

        // a symlink inside the storage pool that leads out of it
        registerVolumeLeadingOut(ItEnv.unique("link") + ".qcow2", (outside, entry) ->
                Files.createSymbolicLink(entry, outside));
    }

    /** Issue 9 item 9: a host URI may carry no transport parameter that runs or reaches something else. */
    @Test
    void libvirtUrisWithTransportOverridesAreRefused() {
        for (String bad : List.of("qemu+ssh://root@localhost/system?command=/bin/sh",
                "qemu+ssh://localhost/system?netcat=evil-nc", "qemu+unix:///system?socket=evil.sock",
                "qemu+tls://localhost/system?no_verify=1", "qemu+ssh://localhost/system?known_hosts_verify=ignore",
                "qemu+ssh://localhost/system?proxy=direct", "qemu+ssh://localhost/system?keyfile=/k&command=x")) {
            String name = ItEnv.unique("uri");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("libvirtUri", bad);
            body.put("storagePool", ItEnv.storagePool());
            body.put("virtualizationType", ItEnv.virtType());
            ApiResponse r = ADMIN.post("/hosts", body);
            try {
                r.expectError(400, "invalid_input");
                assertTrue(r.body().contains("is not allowed"), r.body());
            } catch (AssertionError e) {
                throw new AssertionError("libvirt URI \"" + bad + "\": " + e.getMessage(), e);
            }
            assertFalse(ADMIN.get("/hosts").expect(200).body().contains(name), "host " + name + " was registered");
        }
    }

    /** Issue 9 item 9: a golden image whose qcow2 backing file lies outside its storage pool is refused. */
    @Test
    void aGoldenImageBackedByAFileOutsideThePoolIsInvalidPath() throws Exception {
        ApiResponse r = registerVolumeLeadingOut(ItEnv.unique("backed") + ".qcow2", (outside, entry) -> {
            Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b",
                    outside.toString(), entry.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "qemu-img create: " + out);
        });
        assertTrue(r.body().contains("outside storage pool"), r.body());
    }

    /**
     * Puts a volume into the storage pool that leads to a file outside it (made by
     * {@code make} from the outside file), registers it as a golden image, and
     * expects 400 invalid_path; removes both afterwards.
     */
    private static ApiResponse registerVolumeLeadingOut(String volume, PoolEntry make) throws Exception {
        String storagePool = ItEnv.storagePool();
        Path poolDir = Path.of(Xml.text(Xml.parse(Virsh.ok("pool-dumpxml", storagePool)), "/pool/target/path"));
        Path outside = Files.createTempFile("vdi-it-outside-", ".img");
        Path entry = poolDir.resolve(volume);
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("remove " + outside, () -> Files.deleteIfExists(outside));
            Files.write(outside, new byte[1024 * 1024]);
            make.create(outside, entry);
            cleanup.add("remove " + entry, () -> {
                Files.deleteIfExists(entry);
                Virsh.poolRefresh(storagePool);
            });
            Virsh.poolRefresh(storagePool);
            assertTrue(Virsh.volumeExists(storagePool, volume), "libvirt lists " + volume + " as a volume");

            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", ItEnv.unique("img"));
            body.put("hostId", Broker.localHostId());
            body.put("volume", volume);
            return ADMIN.post("/images", body).expectError(400, "invalid_path");
        }
    }

    /** Makes a storage pool entry that leads to {@code outside}. */
    @FunctionalInterface
    private interface PoolEntry {
        void create(Path outside, Path entry) throws Exception;
    }

    @Test
    void inconsistentPoolSizesAndUnknownImagesAreInvalidInput() {
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        Map<String, Object> s = pool(ItEnv.unique("bi"));
        s.put("minSpare", 3);
        s.put("maxSize", 2);
        cases.put("minSpare > maxSize", s);
        s = pool(ItEnv.unique("bi"));
        s.put("minSpare", -1);
        cases.put("negative minSpare", s);
        s = pool(ItEnv.unique("bi"));
        s.put("minSpare", 0);
        s.put("maxSize", -2);
        cases.put("negative maxSize", s);
        s = pool(ItEnv.unique("bi"));
        s.put("maxSize", 0);
        cases.put("maxSize 0", s);
        s = pool(ItEnv.unique("bi"));
        s.put("memoryMib", -128);
        cases.put("negative memoryMib", s);
        s = pool(ItEnv.unique("bi"));
        s.put("perUserLimit", -1);
        cases.put("negative perUserLimit", s);
        s = pool(ItEnv.unique("bi"));
        s.put("idleTimeoutMinutes", -5);
        cases.put("negative idleTimeoutMinutes", s);
        s = pool(ItEnv.unique("bi"));
        s.put("imageId", UUID.randomUUID().toString());
        cases.put("unknown imageId", s);
        s = pool(ItEnv.unique("bi"));
        s.put("cloneMode", "sideways");
        cases.put("unknown cloneMode", s);
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            ApiResponse r = ADMIN.post("/pools", c.getValue());
            try {
                r.expectError(400, "invalid_input");
            } catch (AssertionError e) {
                throw new AssertionError(c.getKey() + ": " + e.getMessage(), e);
            }
        }
        // an unknown image on an existing pool's update is refused the same way
        Map<String, Object> ok = pool(ItEnv.unique("bi"));
        String poolId = ADMIN.post("/pools", ok).expect(201).field("id");
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("delete pool", () -> Broker.deletePool("BadInputIT", poolId));
            ok.put("imageId", UUID.randomUUID().toString());
            ADMIN.put("/pools/" + poolId, ok).expectError(400, "invalid_input");
            ok.put("imageId", imageId);
            ok.put("minSpare", 2);
            ADMIN.put("/pools/" + poolId, ok).expectError(400, "invalid_input");
        }
    }

    @Test
    void aUserOutsideThePoolsEntitlementIsDeniedAndAudited() {
        Map<String, Object> s = pool(ItEnv.unique("bi"));
        s.put("entitledGroups", List.of("/nobody"));
        String poolId = ADMIN.post("/pools", s).expect(201).field("id");
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("delete pool", () -> Broker.deletePool("BadInputIT", poolId));
            assertTrue(ApiClient.alice().get("/pools").expect(200).objects().stream()
                    .noneMatch(p -> poolId.equals(p.get("id"))), "alice does not see a pool that is not hers");
            ApiClient.alice().post("/pools/" + poolId + "/assignments", null).expectError(403, "forbidden");
            List<Map<String, Object>> events = Db.auditEvents(poolId);
            assertTrue(events.stream().anyMatch(e -> "alice".equals(e.get("actor")) && "DENIED".equals(e.get("outcome"))
                    && "pool".equals(e.get("target_type"))),
                    "the audit trail keeps alice's denied attempt on pool " + poolId + ": " + events);
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void nobodyTouchesSomeoneElsesAssignmentOrDesktop() {
        Map<String, Object> s = pool(ItEnv.unique("bi"));
        s.put("assignment", "floating");
        s.put("logoffPolicy", "keep");
        s.put("minSpare", 1);
        s.put("maxSize", 1);
        String poolId = ADMIN.post("/pools", s).expect(201).field("id");
        ApiClient alice = ApiClient.alice();
        ApiClient bob = ApiClient.bob();
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("delete pool", () -> Broker.deletePool("BadInputIT", poolId));
            Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3));
            ApiResponse a = alice.post("/pools/" + poolId + "/assignments", null).expect(200);
            String assignmentId = a.field("assignmentId");
            String desktopId = a.field("desktopId");
            cleanup.add("release alice's desktop", () -> alice.delete("/assignments/" + assignmentId)
                    .expect(204, 409));

            bob.delete("/assignments/" + assignmentId).expectError(403, "forbidden");
            bob.post("/desktops/" + desktopId + "/reset", null).expectError(403, "forbidden");
            assertTrue(bob.get("/me/desktops").expect(200).objects().stream()
                    .noneMatch(d -> desktopId.equals(d.get("desktopId"))), "bob's desktops do not include alice's");
            assertEquals("alice", Broker.desktop(desktopId).get("assignedTo"), "alice still holds her desktop");
            assertTrue(Db.auditEvents(assignmentId).stream().anyMatch(e -> "bob".equals(e.get("actor"))
                    && "DENIED".equals(e.get("outcome"))), "the audit trail keeps bob's attempt");

            // the pool is exhausted for bob now; alice's release is hers to make
            bob.post("/pools/" + poolId + "/assignments", null).expectError(503, "no_desktop_available");
            alice.delete("/assignments/" + assignmentId).expect(204);
            alice.delete("/assignments/" + assignmentId).expectError(409, "invalid_state");
        }
    }

    @Test
    void aUserCannotDoAnAdminsWork() {
        ApiClient alice = ApiClient.alice();
        alice.post("/pools", pool(ItEnv.unique("bi"))).expectError(403, "forbidden");
        alice.get("/hosts").expectError(403, "forbidden");
        alice.get("/images").expectError(403, "forbidden");
        alice.get("/desktops").expectError(403, "forbidden");
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("name", ItEnv.unique("img"));
        image.put("hostId", Broker.localHostId());
        image.put("volume", ItEnv.goldenVolume());
        alice.post("/images", image).expectError(403, "forbidden");
    }

    @Test
    void noTokenOrAForgedOneIsUnauthenticated() {
        ApiClient none = ApiClient.anonymous();
        none.get("/pools").expectError(401, "unauthenticated");
        none.post("/pools", pool(ItEnv.unique("bi"))).expect(401);
        none.post("/pools/" + UUID.randomUUID() + "/assignments", null).expect(401);
        none.get("/me/desktops").expect(401);
        ApiClient.withToken("not-a-jwt").get("/pools").expect(401);

        // alice's real token with "vdi-user" turned into "vdi-admin": the signature no longer fits
        String[] parts = Keycloak.token("alice", "alice").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("vdi-user"), "alice's token names her role");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("vdi-user", "vdi-admin").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        ApiResponse r = ApiClient.withToken(forged).post("/pools", pool(ItEnv.unique("bi")));
        assertEquals(401, r.status(), "a token with a changed payload is refused: " + r);
        assertFalse(r.body().contains("\"id\""), "and nothing was created: " + r);
    }
}
