package org.vdi.console.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * The RFB opening, client side: version (3.3, 3.7 or 3.8), security (None or VNC
 * authentication), ClientInit asking to share the desktop, ServerInit. The server's
 * pixel format is read but then replaced by the gateway's own with SetPixelFormat.
 */
final class RfbConnector {

    /** What ServerInit said. */
    record ServerInit(int width, int height, String name) {
    }

    private static final int SEC_NONE = 1;
    private static final int SEC_VNC = 2;
    private static final int MAX_REASON = 4096;

    private RfbConnector() {
    }

    static ServerInit open(RfbIn in, OutputStream out, String password) throws IOException, GatewayException {
        int minor = version(in);
        int reply = minor >= 8 ? 8 : minor == 7 ? 7 : 3;
        out.write(String.format("RFB 003.%03d\n", reply).getBytes(StandardCharsets.US_ASCII));
        out.flush();

        int type = reply == 3 ? securityV3(in) : chooseSecurity(in, out);
        if (type == SEC_VNC) {
            byte[] challenge = new byte[16];
            in.readFully(challenge, 0, 16);
            out.write(VncAuth.response(password, challenge));
            out.flush();
        }
        // 3.3 and 3.7 send no SecurityResult after "None"; 3.8 always does.
        if (type == SEC_VNC || reply == 8) {
            long result = in.u32();
            if (result != 0) {
                String reason = reply == 8 ? reason(in) : "authentication failed";
                throw new GatewayException(GuacamoleStatus.CLIENT_UNAUTHORIZED,
                        "VNC authentication failed: " + reason);
            }
        }

        out.write(1); // ClientInit: shared, other viewers stay connected
        out.flush();
        int width = in.u16();
        int height = in.u16();
        in.skip(16); // the server's pixel format: replaced below
        String name = new String(in.bytes(in.u32(), MAX_REASON, "desktop name"), StandardCharsets.UTF_8);
        return new ServerInit(width, height, name);
    }

    /**
     * Speaks to an UltraVNC repeater first: it announces itself with a ProtocolVersion of
     * its own, then takes a 250-byte, zero-padded "host:port" of the real server.
     */
    static void viaRepeater(RfbIn in, OutputStream out, String destHost, int destPort)
            throws IOException, GatewayException {
        byte[] banner = new byte[12];
        in.readFully(banner, 0, 12);
        byte[] target = new byte[250];
        byte[] hostPort = (destHost + ":" + destPort).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hostPort, 0, target, 0, Math.min(hostPort.length, 249));
        out.write(target);
        out.flush();
    }

    private static int version(RfbIn in) throws IOException, GatewayException {
        byte[] v = new byte[12];
        in.readFully(v, 0, 12);
        String s = new String(v, StandardCharsets.US_ASCII);
        if (!s.matches("RFB \\d{3}\\.\\d{3}\n")) {
            throw GatewayException.upstream("not an RFB server");
        }
        int major = Integer.parseInt(s.substring(4, 7));
        int minor = Integer.parseInt(s.substring(8, 11));
        if (major != 3) {
            // Apple's "RFB 003.889" is major 3; anything else is unknown
            throw GatewayException.upstream("unsupported RFB version " + s.trim());
        }
        return minor;
    }

    private static int securityV3(RfbIn in) throws IOException, GatewayException {
        long type = in.u32();
        if (type == 0) {
            throw GatewayException.upstream("VNC server refused the connection: " + reason(in));
        }
        if (type != SEC_NONE && type != SEC_VNC) {
            throw new GatewayException(GuacamoleStatus.UNSUPPORTED, "unsupported VNC security type " + type);
        }
        return (int) type;
    }

    private static int chooseSecurity(RfbIn in, OutputStream out) throws IOException, GatewayException {
        int count = in.u8();
        if (count == 0) {
            throw GatewayException.upstream("VNC server refused the connection: " + reason(in));
        }
        byte[] types = new byte[count];
        in.readFully(types, 0, count);
        boolean none = false;
        boolean vnc = false;
        for (byte t : types) {
            none |= t == SEC_NONE;
            vnc |= t == SEC_VNC;
        }
        // Prefer None when offered: the server then wants no password.
        int chosen = none ? SEC_NONE : vnc ? SEC_VNC : 0;
        if (chosen == 0) {
            throw new GatewayException(GuacamoleStatus.UNSUPPORTED,
                    "the VNC server offers no security type the gateway supports (None, VNC authentication)");
        }
        out.write(chosen);
        out.flush();
        return chosen;
    }

    private static String reason(RfbIn in) throws IOException, GatewayException {
        return new String(in.bytes(in.u32(), MAX_REASON, "reason"), StandardCharsets.ISO_8859_1);
    }
}
