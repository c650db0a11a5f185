package org.vdi.console.gateway;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * The connection parameters of guacd's VNC plugin that the gateway understands, parsed
 * from the values of the client's {@code connect} instruction.
 *
 * @param colorDepth    accepted for compatibility; the gateway always asks the server for
 *                      24-bit true colour
 * @param forceLossless guacd's parameter: when true, never JPEG. console-proxy always sends
 *                      it, true unless vdi.console.lossy allows JPEG for busy regions
 */
record VncSettings(String hostname, int port, String password, boolean readOnly, List<String> encodings,
        boolean swapRedBlue, int colorDepth, boolean remoteCursor, int autoretry, Charset clipboardCharset,
        String destHost, int destPort, boolean disableCopy, boolean disablePaste, boolean forceLossless) {

    /** Parameter names in the order {@code args} announces them (after the version). */
    static final List<String> ARG_NAMES = List.of("hostname", "port", "read-only", "encodings", "username",
            "password", "swap-red-blue", "color-depth", "cursor", "autoretry", "clipboard-encoding", "dest-host",
            "dest-port", "disable-copy", "disable-paste", "force-lossless");

    static VncSettings parse(Map<String, String> args) throws GatewayException {
        String hostname = args.getOrDefault("hostname", "").trim();
        if (hostname.isEmpty()) {
            throw new GatewayException(GuacamoleStatus.CLIENT_BAD_REQUEST, "no VNC hostname given");
        }
        String destHost = args.getOrDefault("dest-host", "").trim();
        return new VncSettings(hostname,
                port(args.get("port"), 5900),
                args.getOrDefault("password", ""),
                bool(args.get("read-only")),
                encodings(args.get("encodings")),
                bool(args.get("swap-red-blue")),
                integer(args.get("color-depth"), 0, 0, 32),
                "remote".equals(args.get("cursor")),
                integer(args.get("autoretry"), 0, 0, 10),
                charset(args.get("clipboard-encoding")),
                destHost.isEmpty() ? null : destHost,
                port(args.get("dest-port"), 5900),
                bool(args.get("disable-copy")),
                bool(args.get("disable-paste")),
                bool(args.get("force-lossless")));
    }

    private static boolean bool(String v) {
        return "true".equals(v);
    }

    private static int port(String v, int fallback) throws GatewayException {
        int p = integer(v, fallback, 1, 65535);
        return p;
    }

    private static int integer(String v, int fallback, int min, int max) throws GatewayException {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new GatewayException(GuacamoleStatus.CLIENT_BAD_REQUEST, "bad number in connection parameters: " + v);
        }
    }

    private static List<String> encodings(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return List.of(v.trim().toLowerCase(Locale.ROOT).split("\\s+"));
    }

    /** As guacd: ISO 8859-1 (the RFB standard) unless UTF-8, UTF-16 or CP1252 is named. */
    private static Charset charset(String v) {
        if (v == null) {
            return StandardCharsets.ISO_8859_1;
        }
        switch (v) {
            case "UTF-8":
                return StandardCharsets.UTF_8;
            case "UTF-16":
                return StandardCharsets.UTF_16LE;
            case "CP1252":
                return Charset.forName("windows-1252");
            default:
                return StandardCharsets.ISO_8859_1;
        }
    }
}
