package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdi.portal.console.GuacamoleClient;
import org.w3c.dom.Document;

/**
 * A released desktop is cut off from its last holder (the "console of the
 * wrong VM" class): in a floating pool that keeps desktops, alice's SPICE
 * viewer (a real SPICE link with the .vv file's password) is dropped by QEMU
 * when she releases, her password opens nothing afterwards, and bob, who gets
 * the same desktop next, gets a working one of his own; her browser console
 * (VNC through console-proxy) closes, and the VNC password it used no longer
 * opens the display.
 */
class DisplayLockIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final String SPICE = "/domain/devices/graphics[@type='spice']";
    private static final String VNC = "/domain/devices/graphics[@type='vnc']";

    private static String poolId;

    @BeforeAll
    static void pool() {
        Map<String, Object> s = Broker.poolSettings(ItEnv.unique("lock"), Broker.registerGoldenImage(
                ItEnv.unique("img")));
        s.put("assignment", "floating");
        s.put("logoffPolicy", "keep");
        s.put("minSpare", 1);
        s.put("maxSize", 1);
        s.put("protocols", List.of("vnc", "spice"));
        poolId = Broker.createPool(s);
        Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3));
    }

    @AfterAll
    static void dropPool() {
        if (poolId != null) {
            for (ApiClient who : List.of(ApiClient.alice(), ApiClient.bob())) {
                who.get("/me/desktops").expect(200).objects().stream().filter(a -> poolId.equals(a.get("poolId")))
                        .forEach(a -> who.delete("/assignments/" + a.get("assignmentId")).expect(204, 409));
            }
            Broker.deletePool("DisplayLockIT", poolId);
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aReleasedDesktopDropsItsLastHoldersSpiceViewerAndBrowserConsole() throws Exception {
        Map<String, Object> a = assign(ApiClient.alice());
        String desktopId = Json.str(a, "desktopId");
        String name = Json.str(a, "desktopName");
        Map<String, String> vv = spiceFile(desktopId, "alice");
        String host = vv.get("host");
        int spicePort = Integer.parseInt(vv.get("port"));

        // alice's viewer (the main channel linked with the file's password, and talking)
        // and her browser console, VNC through console-proxy
        try (Socket viewer = viewer(vv); GuacamoleClient console = aliceConsole(desktopId)) {
            {
                Document live = Xml.parse(Virsh.ok("dumpxml", "--security-info", name));
                String vncPassword = Xml.text(live, VNC + "/@passwd");
                int vncPort = Integer.parseInt(Xml.text(live, VNC + "/@port"));
                assertTrue(VncLogin.accepts(host, vncPort, vncPassword), "the console's VNC password opens it");

                Instant released = Instant.now();
                ApiClient.alice().delete("/assignments/" + Json.str(a, "assignmentId")).expect(204);

                assertTrue(closedWithin(viewer.getInputStream(), Duration.ofSeconds(20)),
                        "QEMU dropped alice's SPICE viewer when she released the desktop");
                GuacamoleClient.Close closed = console.awaitClose(Duration.ofSeconds(30));
                assertNotEquals(1000, closed.code(), "her browser console closed: " + closed);

                Document after = Xml.parse(Virsh.ok("dumpxml", "--security-info", name));
                assertNotEquals(vv.get("password"), Xml.text(after, SPICE + "/@passwd"), "a new SPICE password");
                assertNotEquals(vncPassword, Xml.text(after, VNC + "/@passwd"), "a new VNC password");
                for (String g : List.of(SPICE, VNC)) {
                    Instant validTo = LocalDateTime.parse(Xml.text(after, g + "/@passwdValidTo"))
                            .toInstant(ZoneOffset.UTC);
                    assertFalse(validTo.isAfter(released.plusSeconds(5)), g + " expired at once: " + validTo);
                }
                assertEquals(SpiceLink.PERMISSION_DENIED, SpiceLink.authenticate(host, spicePort,
                        vv.get("password")), "alice's .vv password opens nothing");
                assertFalse(VncLogin.accepts(host, vncPort, vncPassword), "the console's VNC password opens nothing");
            }
        }

        // bob gets the same desktop (the pool has one) and a password of his own that works
        Map<String, Object> b = assign(ApiClient.bob());
        assertEquals(desktopId, Json.str(b, "desktopId"), "the pool's one desktop went to bob");
        Map<String, String> bobs = spiceFile(desktopId, "bob");
        assertNotEquals(vv.get("password"), bobs.get("password"));
        assertEquals(SpiceLink.OK, SpiceLink.authenticate(host, spicePort, bobs.get("password")));
        assertEquals(SpiceLink.PERMISSION_DENIED, SpiceLink.authenticate(host, spicePort, vv.get("password")));
        ApiClient.bob().delete("/assignments/" + Json.str(b, "assignmentId")).expect(204);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aTerminatedConsoleTakesTheHoldersSpiceViewerAlong() throws Exception {
        Map<String, Object> a = assign(ApiClient.alice());
        String desktopId = Json.str(a, "desktopId");
        Map<String, String> vv = spiceFile(desktopId, "alice");
        int spicePort = Integer.parseInt(vv.get("port"));
        try (Socket viewer = viewer(vv); GuacamoleClient console = aliceConsole(desktopId)) {
            {
                String sessionId = Wait.until("alice's console session", Duration.ofSeconds(20),
                        () -> ApiClient.admin().get("/sessions").expect(200).objects().stream()
                                .filter(s -> desktopId.equals(s.get("desktopId"))).map(s -> Json.str(s, "id"))
                                .findFirst().orElse(null), id -> id != null);
                ApiClient.admin().delete("/sessions/" + sessionId).expect(202);
                GuacamoleClient.Close closed = console.awaitClose(Duration.ofSeconds(20));
                assertEquals("523", closed.reason(), "closed as terminated: " + closed);
                assertTrue(console.received().stream().anyMatch(i -> i.opcode().equals("error")
                        && i.args().get(0).contains("terminated by an administrator")), console.summary());
                assertTrue(closedWithin(viewer.getInputStream(), Duration.ofSeconds(20)),
                        "QEMU dropped alice's SPICE viewer with the terminated console");
                assertEquals(SpiceLink.PERMISSION_DENIED, SpiceLink.authenticate(vv.get("host"), spicePort,
                        vv.get("password")), "the .vv password opens nothing after the termination");
            }
        }
        ApiClient.alice().delete("/assignments/" + Json.str(a, "assignmentId")).expect(204);
    }

    /** A SPICE viewer on the .vv file's display: the main channel linked with its password, and talking. */
    private static Socket viewer(Map<String, String> vv) throws Exception {
        Socket viewer = new Socket();
        viewer.connect(new InetSocketAddress(vv.get("host"), Integer.parseInt(vv.get("port"))), 10_000);
        viewer.setSoTimeout(30_000);
        assertEquals(SpiceLink.OK, SpiceLink.link(viewer.getInputStream(), viewer.getOutputStream(),
                vv.get("password"), SpiceLink.MAIN_CHANNEL, 0));
        SpiceLink.mainSessionId(viewer.getInputStream());
        return viewer;
    }

    /** Alice's browser console on the desktop, VNC through console-proxy, once it is ready. */
    private static GuacamoleClient aliceConsole(String desktopId) {
        Map<String, Object> t = ApiClient.alice().post("/desktops/" + desktopId + "/console-tickets", null)
                .expect(201).object();
        GuacamoleClient console = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                ItEnv.portalUrl());
        console.await("ready", Duration.ofSeconds(60));
        return console;
    }

    private static Map<String, Object> assign(ApiClient who) {
        Map<String, Object> a = Wait.until(who.user() + "'s desktop of pool " + poolId, Duration.ofMinutes(3),
                Duration.ofSeconds(2), () -> who.post("/pools/" + poolId + "/assignments", null),
                r -> r.status() == 200 || r.status() == 201).object();
        Broker.awaitDesktopState(Json.str(a, "desktopId"), "assigned", Duration.ofMinutes(3));
        return a;
    }

    /** True when the peer closed (end of stream or reset) within the time; false while it keeps talking. */
    private static boolean closedWithin(InputStream in, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        byte[] buf = new byte[4096];
        while (Instant.now().isBefore(deadline)) {
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> spiceFile(String desktopId, String user) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(ItEnv.apiUrl() + "/desktops/" + desktopId + "/spice.vv"))
                .timeout(Duration.ofSeconds(60)).header("Accept", "*/*")
                .header("Authorization", "Bearer " + Keycloak.token(user, user))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("[")) {
                keys.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return keys;
    }
}
