package org.vdi.console.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * The server side of the Guacamole handshake, as guacd runs it: {@code select}, then
 * {@code args} (protocol version first), then any of {@code size}, {@code audio},
 * {@code video}, {@code image}, {@code timezone}, {@code name} in any order, ended by
 * {@code connect}, whose values follow the order of {@code args}; {@code ready} is sent
 * by the session once it has an id.
 */
final class Handshake {

    /** The newest protocol version guacd 1.5/1.6 announce. */
    static final String VERSION = "VERSION_1_5_0";

    /** Instructions tolerated between {@code args} and {@code connect}. */
    private static final int MAX_INSTRUCTIONS = 32;

    /** What the client asked for. */
    record Request(Map<String, String> args, String clientVersion, int width, int height, int dpi,
            List<String> imageMimetypes, String timezone, String name) {
    }

    private Handshake() {
    }

    /**
     * @param isLiveConnection whether an id names a session of this gateway (joining is refused either way)
     */
    static Request perform(InstructionSource in, GuacOutput out, Predicate<String> isLiveConnection)
            throws IOException, GatewayException {
        GuacamoleInstruction select = expect(in, "select");
        if (select.getArgs().size() != 1) {
            throw GatewayException.badRequest("bad number of arguments to \"select\"");
        }
        String target = select.getArgs().get(0);
        if (target.startsWith("$")) {
            if (isLiveConnection.test(target)) {
                throw new GatewayException(GuacamoleStatus.UNSUPPORTED,
                        "joining a connection is not supported by the built-in gateway");
            }
            throw new GatewayException(GuacamoleStatus.RESOURCE_NOT_FOUND, "connection does not exist");
        }
        if (!"vnc".equals(target)) {
            throw new GatewayException(GuacamoleStatus.UNSUPPORTED, "protocol not supported: only vnc");
        }

        List<String> announced = new ArrayList<>();
        announced.add(VERSION);
        announced.addAll(VncSettings.ARG_NAMES);
        out.write(new GuacamoleInstruction("args", announced));
        out.flush();

        int width = 1024;
        int height = 768;
        int dpi = 96;
        List<String> images = List.of();
        String timezone = null;
        String name = null;
        for (int i = 0; i < MAX_INSTRUCTIONS; i++) {
            GuacamoleInstruction ins = in.read();
            if (ins == null) {
                throw new GatewayException(GuacamoleStatus.CLIENT_BAD_REQUEST, "handshake ended before \"connect\"");
            }
            List<String> a = ins.getArgs();
            switch (ins.getOpcode()) {
                case "size":
                    if (a.size() < 2) {
                        throw GatewayException.badRequest("\"size\" lacks width or height");
                    }
                    width = dimension(a.get(0));
                    height = dimension(a.get(1));
                    dpi = a.size() >= 3 ? dimension(a.get(2)) : 96;
                    break;
                case "image":
                    images = List.copyOf(a);
                    break;
                case "timezone":
                    timezone = a.isEmpty() ? null : a.get(0);
                    break;
                case "name":
                    name = a.isEmpty() ? null : a.get(0);
                    break;
                case "connect":
                    return connect(a, width, height, dpi, images, timezone, name);
                default:
                    // audio, video and anything newer: accepted and ignored, as guacd does
                    break;
            }
        }
        throw GatewayException.badRequest("too many instructions before \"connect\"");
    }

    private static Request connect(List<String> values, int width, int height, int dpi, List<String> images,
            String timezone, String name) throws GatewayException {
        if (values.size() != VncSettings.ARG_NAMES.size() + 1) {
            throw GatewayException.badRequest("\"connect\" has " + values.size() + " values, expected "
                    + (VncSettings.ARG_NAMES.size() + 1));
        }
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < VncSettings.ARG_NAMES.size(); i++) {
            args.put(VncSettings.ARG_NAMES.get(i), values.get(i + 1));
        }
        return new Request(args, values.get(0), width, height, dpi, images, timezone, name);
    }

    private static GuacamoleInstruction expect(InstructionSource in, String opcode)
            throws IOException, GatewayException {
        GuacamoleInstruction ins = in.read();
        if (ins == null) {
            throw GatewayException.badRequest("connection closed before \"" + opcode + "\"");
        }
        if (!opcode.equals(ins.getOpcode())) {
            throw GatewayException.badRequest("expected \"" + opcode + "\", got \"" + abbreviate(ins.getOpcode()) + "\"");
        }
        return ins;
    }

    private static int dimension(String v) throws GatewayException {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0 || n > 16384) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw GatewayException.badRequest("bad number in \"size\"");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }
}
