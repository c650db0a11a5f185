package org.vdi.console.gateway;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * Opens the VNC side of a session: TCP (with guacd's {@code autoretry}), an optional
 * repeater, the RFB opening, then the gateway's pixel format and encodings.
 */
final class VncConnector {

    /** A VNC connection ready for its first update request. */
    record Connection(Socket socket, RfbIn in, RfbOut out, RfbConnector.ServerInit init) {
    }

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int HANDSHAKE_TIMEOUT_MS = 15_000;
    private static final long RETRY_INTERVAL_MS = 1000;

    private VncConnector() {
    }

    static Connection connect(VncSettings s) throws GatewayException, InterruptedException {
        Socket socket = tcp(s);
        try {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            RfbIn in = new RfbIn(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            OutputStream raw = new BufferedOutputStream(socket.getOutputStream());
            if (s.destHost() != null) {
                RfbConnector.viaRepeater(in, raw, s.destHost(), s.destPort());
            }
            RfbConnector.ServerInit init = RfbConnector.open(in, raw, s.password());
            RfbOut out = new RfbOut(raw);
            out.setPixelFormat();
            out.setEncodings(encodings(s));
            // No read timeout from here on: an unchanging desktop sends nothing.
            socket.setSoTimeout(0);
            return new Connection(socket, in, out, init);
        } catch (SocketTimeoutException e) {
            close(socket);
            throw new GatewayException(GuacamoleStatus.UPSTREAM_TIMEOUT, "the VNC server did not answer in time", e);
        } catch (IOException e) {
            close(socket);
            throw new GatewayException(GuacamoleStatus.UPSTREAM_ERROR, "VNC handshake failed: " + e.getMessage(), e);
        } catch (GatewayException e) {
            close(socket);
            throw e;
        }
    }

    /** ZRLE first (QEMU picks the first it knows), then what the {@code encodings} parameter allows. */
    static int[] encodings(VncSettings s) {
        List<Integer> list = new ArrayList<>();
        List<String> wanted = s.encodings().isEmpty() ? List.of("zrle", "hextile", "copyrect", "raw") : s.encodings();
        for (String name : wanted) {
            switch (name) {
                case "zrle" -> list.add(RfbOut.ENC_ZRLE);
                case "hextile" -> list.add(RfbOut.ENC_HEXTILE);
                case "copyrect" -> list.add(RfbOut.ENC_COPYRECT);
                default -> {
                    // raw goes last anyway; others are not supported by the gateway
                }
            }
        }
        list.add(RfbOut.ENC_RAW);
        if (!s.remoteCursor()) {
            list.add(RfbOut.ENC_CURSOR);
        }
        list.add(RfbOut.ENC_EXT_DESKTOP_SIZE);
        list.add(RfbOut.ENC_DESKTOP_SIZE);
        list.add(RfbOut.ENC_LAST_RECT);
        return list.stream().distinct().mapToInt(Integer::intValue).toArray();
    }

    private static Socket tcp(VncSettings s) throws GatewayException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt <= s.autoretry(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(RETRY_INTERVAL_MS);
            }
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(s.hostname(), s.port()), CONNECT_TIMEOUT_MS);
                return socket;
            } catch (IOException e) {
                close(socket);
                last = e;
            }
        }
        throw new GatewayException(GuacamoleStatus.UPSTREAM_NOT_FOUND,
                "Unable to connect to VNC server.", last);
    }

    static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
