package org.vdi.portal.console;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client from a chosen local address (127.0.0.2, say), which the
 * JDK's client cannot do: the upgrade by hand, then the server's frames until
 * it closes. Enough to see how console-proxy refuses a socket.
 */
final class RawWebSocket {

    /** What the server said before it closed: its text frames and the close frame. */
    record Outcome(int status, List<String> texts, int closeCode, String closeReason) {
    }

    private RawWebSocket() {
    }

    static Outcome open(String localAddress, String wsUrl, String subprotocol, String origin) throws IOException {
        URI u = URI.create(wsUrl);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 10_000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            String key = Base64.getEncoder().encodeToString(new byte[16]);
            String req = "GET " + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: " + subprotocol + "\r\nOrigin: " + origin + "\r\n\r\n";
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            while (!line(in).isEmpty()) {
                // headers
            }
            List<String> texts = new ArrayList<>();
            if (status != 101) {
                return new Outcome(status, texts, -1, "");
            }
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = in.readNBytes((int) len);
                int opcode = b0 & 0x0f;
                if (opcode == 1) {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    String reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    return new Outcome(status, texts, code, reason);
                }
            }
        }
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
