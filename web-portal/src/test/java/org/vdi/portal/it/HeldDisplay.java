package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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

import org.w3c.dom.Document;

/**
 * What the holder of a desktop holds of its displays, as an attacker keeps it:
 * a SPICE viewer (the main channel linked with the .vv file's password, and
 * talking) and the VNC password the browser console's connection used. The
 * display-lock tests (release, termination, sign-out, back-channel logout)
 * take one while the user holds the desktop, end the holding their way, and
 * then check that QEMU dropped the viewer and that neither password opens the
 * display any more.
 */
public final class HeldDisplay implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    public static final String SPICE = "/domain/devices/graphics[@type='spice']";
    public static final String VNC = "/domain/devices/graphics[@type='vnc']";

    private final String domainName;
    private final Map<String, String> vv;
    private final Socket viewer;

    private HeldDisplay(String domainName, Map<String, String> vv, Socket viewer) {
        this.domainName = domainName;
        this.vv = vv;
        this.viewer = viewer;
    }

    /** Downloads the user's .vv file for the desktop and opens a SPICE viewer with it. */
    public static HeldDisplay take(String desktopId, String domainName, String user) throws Exception {
        Map<String, String> vv = spiceFile(desktopId, user);
        Socket viewer = new Socket();
        viewer.connect(new InetSocketAddress(vv.get("host"), Integer.parseInt(vv.get("port"))), 10_000);
        viewer.setSoTimeout(30_000);
        assertEquals(SpiceLink.OK, SpiceLink.link(viewer.getInputStream(), viewer.getOutputStream(),
                vv.get("password"), SpiceLink.MAIN_CHANNEL, 0));
        SpiceLink.mainSessionId(viewer.getInputStream());
        return new HeldDisplay(domainName, vv, viewer);
    }

    /** The .vv file's keys (host, port, password, ...). */
    public Map<String, String> vvFile() {
        return vv;
    }

    public String host() {
        return vv.get("host");
    }

    public int spicePort() {
        return Integer.parseInt(vv.get("port"));
    }

    /** The domain's live VNC password and port now (what a console connection of now uses). */
    public VncSecret vncNow() throws Exception {
        Document live = Xml.parse(Virsh.ok("dumpxml", "--security-info", domainName));
        VncSecret vnc = new VncSecret(Integer.parseInt(Xml.text(live, VNC + "/@port")),
                Xml.text(live, VNC + "/@passwd"));
        assertTrue(VncLogin.accepts(host(), vnc.port(), vnc.password()), "the console's VNC password opens it");
        return vnc;
    }

    /** True when QEMU closed the viewer (end of stream or reset) within the time; false while it keeps talking. */
    public boolean viewerDroppedWithin(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        byte[] buf = new byte[4096];
        try {
            InputStream in = viewer.getInputStream();
            while (Instant.now().isBefore(deadline)) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
        return false;
    }

    /**
     * Both displays have new passwords that expired by {@code lockedBy} (plus a
     * little), the .vv password gets PERMISSION_DENIED and the old VNC password
     * fails RFB authentication.
     */
    public void assertLocked(VncSecret oldVnc, Instant lockedBy) throws Exception {
        Document after = Xml.parse(Virsh.ok("dumpxml", "--security-info", domainName));
        assertNotEquals(vv.get("password"), Xml.text(after, SPICE + "/@passwd"), "a new SPICE password");
        assertNotEquals(oldVnc.password(), Xml.text(after, VNC + "/@passwd"), "a new VNC password");
        for (String g : List.of(SPICE, VNC)) {
            Instant validTo = LocalDateTime.parse(Xml.text(after, g + "/@passwdValidTo")).toInstant(ZoneOffset.UTC);
            assertFalse(validTo.isAfter(lockedBy.plusSeconds(5)), g + " expired at once: " + validTo);
        }
        assertEquals(SpiceLink.PERMISSION_DENIED, SpiceLink.authenticate(host(), spicePort(), vv.get("password")),
                "the .vv password opens nothing");
        assertFalse(VncLogin.accepts(host(), oldVnc.port(), oldVnc.password()),
                "the console's VNC password opens nothing");
    }

    @Override
    public void close() throws IOException {
        viewer.close();
    }

    /** A VNC display's port and password as read from the live domain. */
    public record VncSecret(int port, String password) {
    }

    /** POSTs for the user's .vv file (bearer token) and returns its keys. */
    public static Map<String, String> spiceFile(String desktopId, String user) throws Exception {
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
