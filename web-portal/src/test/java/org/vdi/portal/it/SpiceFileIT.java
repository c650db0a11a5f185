package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

/**
 * The .vv file for remote-viewer: the holder of a desktop in a SPICE pool downloads
 * it, and its password is the one QEMU's SPICE server now takes, with an expiry,
 * on the port the live domain reports; a second download replaces the password;
 * someone else gets forbidden, and a VNC-only pool protocol_disabled.
 */
class SpiceFileIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theHolderGetsAWorkingShortLivedSpicePasswordAndNobodyElseDoes() throws Exception {
        ApiClient alice = ApiClient.alice();
        ApiClient bob = ApiClient.bob();
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            String spicePool = pool(cleanup, imageId, List.of("vnc", "spice"));
            String vncPool = pool(cleanup, imageId, List.of("vnc"));
            Broker.awaitDesktops(spicePool, 1, "available", Duration.ofMinutes(3));
            Broker.awaitDesktops(vncPool, 1, "available", Duration.ofMinutes(3));

            Map<String, Object> a = alice.post("/pools/" + spicePool + "/assignments", null).expect(200).object();
            String desktopId = Json.str(a, "desktopId");
            String name = Json.str(a, "desktopName");
            cleanup.add("release alice's desktop", () -> alice.delete("/assignments/" + Json.str(a, "assignmentId"))
                    .expect(204, 409));

            Instant before = Instant.now();
            HttpResponse<String> r = download(desktopId, "alice");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/x-virt-viewer", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("attachment; filename=\"" + name + ".vv\"",
                    r.headers().firstValue("Content-Disposition").orElse(""));
            assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
            Map<String, String> vv = parse(r.body());
            assertTrue(r.body().startsWith("[virt-viewer]\n"), r.body());
            assertEquals("spice", vv.get("type"));
            assertEquals("1", vv.get("delete-this-file"));
            assertEquals(name, vv.get("title"));
            assertEquals(URI.create(ItEnv.portalUrl()).getHost(), vv.get("host"),
                    "the test host listens on loopback only: the viewer goes where the portal was reached");

            // the file's password and port are the live domain's, with an expiry set
            Document live = Xml.parse(Virsh.ok("dumpxml", "--security-info", name));
            String graphics = "/domain/devices/graphics[@type='spice']";
            assertEquals(vv.get("port"), Xml.text(live, graphics + "/@port"), "the SPICE port of " + name);
            assertEquals(vv.get("password"), Xml.text(live, graphics + "/@passwd"), "the SPICE password of " + name);
            assertTrue(vv.get("password").length() >= 16, "a long password: " + vv.get("password").length());
            Instant validTo = LocalDateTime.parse(Xml.text(live, graphics + "/@passwdValidTo"))
                    .toInstant(ZoneOffset.UTC);
            assertTrue(validTo.isAfter(before) && validTo.isBefore(before.plus(Duration.ofMinutes(61))),
                    "passwdValidTo " + validTo + " is a short while after " + before);

            // QEMU's SPICE server takes that password, and no other
            String host = vv.get("host");
            int port = Integer.parseInt(vv.get("port"));
            assertEquals(SpiceLink.OK, SpiceLink.authenticate(host, port, vv.get("password")),
                    "QEMU's SPICE server accepts the file's password");
            assertEquals(SpiceLink.PERMISSION_DENIED, SpiceLink.authenticate(host, port, vv.get("password") + "x"),
                    "and refuses another");

            // a second file replaces the password: the first one stops opening connections
            Map<String, String> second = parse(download(desktopId, "alice").body());
            assertNotEquals(vv.get("password"), second.get("password"), "each file has a fresh password");
            assertEquals(SpiceLink.PERMISSION_DENIED, SpiceLink.authenticate(host, port, vv.get("password")),
                    "the first file's password no longer works");
            assertEquals(SpiceLink.OK, SpiceLink.authenticate(host, port, second.get("password")));

            // bob does not hold the desktop; the audit trail keeps his attempt
            bob.post("/desktops/" + desktopId + "/spice.vv", null).expectError(403, "forbidden");
            // it changes the password, so a GET (a link, an image of another page) is no way to it
            assertEquals(405, alice.get("/desktops/" + desktopId + "/spice.vv").status());
            HttpResponse<String> bobs = download(desktopId, "bob");
            assertEquals(403, bobs.statusCode());
            assertTrue(!bobs.body().contains("password="), "no file for bob");
            assertEquals(second.get("password"),
                    Xml.text(Xml.parse(Virsh.ok("dumpxml", "--security-info", name)), graphics + "/@passwd"),
                    "bob's attempt left the password alone");
            assertTrue(Db.auditEvents(desktopId).stream().anyMatch(e -> "bob".equals(e.get("actor"))
                    && "DENIED".equals(e.get("outcome"))), "the audit trail keeps bob's attempt");
            assertTrue(Db.auditEvents(desktopId).stream().anyMatch(e -> "alice".equals(e.get("actor"))
                    && "SUCCESS".equals(e.get("outcome")) && "console.spice".equals(e.get("action"))),
                    "the audit trail records alice's file");

            // unknown desktop: 404; a desktop whose pool has SPICE off: 409 protocol_disabled
            alice.post("/desktops/00000000-0000-0000-0000-000000000000/spice.vv", null).expectError(404, "not_found");
            Map<String, Object> v = alice.post("/pools/" + vncPool + "/assignments", null).expect(200).object();
            cleanup.add("release alice's VNC desktop", () -> alice.delete("/assignments/"
                    + Json.str(v, "assignmentId")).expect(204, 409));
            alice.post("/desktops/" + Json.str(v, "desktopId") + "/spice.vv", null).expectError(409, "protocol_disabled");
        }
    }

    private static String pool(Cleanup cleanup, String imageId, List<String> protocols) {
        Map<String, Object> s = Broker.poolSettings(ItEnv.unique("sp"), imageId);
        s.put("assignment", "dedicated");
        s.put("logoffPolicy", "keep");
        s.put("minSpare", 1);
        s.put("maxSize", 1);
        s.put("protocols", protocols);
        String id = Broker.createPool(s);
        cleanup.add("delete pool " + s.get("name"), () -> Broker.deletePool("SpiceFileIT", id));
        return id;
    }

    /** As the portal's download: a POST, any type accepted. */
    private static HttpResponse<String> download(String desktopId, String user) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(ItEnv.apiUrl() + "/desktops/" + desktopId + "/spice.vv"))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "*/*")
                .header("Authorization", "Bearer " + Keycloak.token(user, user))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> parse(String vv) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : vv.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("[")) {
                assertTrue(keys.put(line.substring(0, eq), line.substring(eq + 1)) == null, "one " + line);
            }
        }
        return keys;
    }
}
