package org.vdi.portal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vdi.broker.application.SpiceAccess;

class VirtViewerFileTest {

    private static SpiceAccess access(String name, int port, int tlsPort) {
        return new SpiceAccess(UUID.randomUUID(), name, "desk.example.org", port, tlsPort, "Pw0rdPw0rdPw0rdPw0rd",
                Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void plainFileHasTheKeysRemoteViewerReads() {
        String text = VirtViewerFile.render(access("pool-7", 5901, -1));
        assertTrue(text.startsWith("[virt-viewer]\n"), text);
        Map<String, String> keys = parse(text);
        assertEquals("spice", keys.get("type"));
        assertEquals("desk.example.org", keys.get("host"));
        assertEquals("5901", keys.get("port"));
        assertEquals("Pw0rdPw0rdPw0rdPw0rd", keys.get("password"));
        assertEquals("1", keys.get("delete-this-file"));
        assertEquals("pool-7", keys.get("title"));
        assertFalse(keys.containsKey("tls-port"), "no TLS port, no tls-port key");
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void tlsPortIsWrittenWhenTheDisplayHasOne() {
        Map<String, String> keys = parse(VirtViewerFile.render(access("d", 5901, 5902)));
        assertEquals("5902", keys.get("tls-port"));
        Map<String, String> tlsOnly = parse(VirtViewerFile.render(access("d", -1, 5902)));
        assertFalse(tlsOnly.containsKey("port"));
        assertEquals("5902", tlsOnly.get("tls-port"));
    }

    @Test
    void aTitleWithNewlinesCannotAddKeys() {
        String evil = "desk\nhost=attacker.example\r\npassword=x\\n\t end";
        String text = VirtViewerFile.render(access(evil, 5901, -1));
        List<String> lines = text.lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("host=")).count(), text);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("password=")).count(), text);
        Map<String, String> keys = parse(text);
        assertEquals("desk.example.org", keys.get("host"));
        assertEquals(evil, keys.get("title"), "GLib reads the title back unchanged");
    }

    @Test
    void escapingFollowsGlibKeyFiles() {
        assertEquals("\\sleading", VirtViewerFile.escape(" leading"));
        assertEquals("in side", VirtViewerFile.escape("in side"));
        assertEquals("a\\\\b\\nc\\rd\\te", VirtViewerFile.escape("a\\b\nc\rd\te"));
        assertEquals("bell here", VirtViewerFile.escape("bell\u0007here"));
        assertEquals("caf\u00e9 \u2603", VirtViewerFile.escape("caf\u00e9 \u2603"), "UTF-8 text stays as it is");
    }

    @Test
    void fileNameIsTheDesktopName() {
        assertEquals("pool-7.vv", VirtViewerFile.fileName(access("pool-7", 5901, -1)));
        assertEquals("a_b_.vv", VirtViewerFile.fileName(access("a\"b\n", 5901, -1)));
    }

    /** Reads a key file as GLib does: key=value lines, escapes undone, last value wins. */
    static Map<String, String> parse(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("[") || eq < 0) {
                continue;
            }
            keys.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
        }
        return keys;
    }

    private static String unescape(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                sb.append(c);
                continue;
            }
            char n = v.charAt(++i);
            sb.append(switch (n) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 's' -> ' ';
                default -> n;
            });
        }
        return sb.toString();
    }
}
