package org.vdi.console.gateway;

import java.io.IOException;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * The browser's instructions after the handshake, turned into RFB input: {@code key}
 * to KeyEvent (X11 keysyms pass through), {@code mouse} to PointerEvent, the clipboard
 * stream to ClientCutText, {@code sync} echoes to the flow control. Malformed numbers
 * are ignored, as guacd's atoi would make them harmless too.
 *
 * <p>NOTE: runs on the session's input thread.
 */
final class ClientInput {

    private final RfbOut rfb;
    private final SyncGate gate;
    private final VncSettings settings;
    private final Clipboard clipboard;

    ClientInput(RfbOut rfb, SyncGate gate, VncSettings settings, Clipboard clipboard) {
        this.rfb = rfb;
        this.gate = gate;
        this.settings = settings;
        this.clipboard = clipboard;
    }

    /**
     * @return false when the browser asked to disconnect
     */
    boolean handle(GuacamoleInstruction ins) throws IOException {
        List<String> a = ins.getArgs();
        switch (ins.getOpcode()) {
            case "sync":
                if (a.size() >= 1) {
                    gate.ack(number(a.get(0), -1));
                }
                return true;
            case "key":
                if (a.size() >= 2 && !settings.readOnly()) {
                    long keysym = number(a.get(0), -1);
                    if (keysym >= 0 && keysym <= 0xFFFFFFFFL) {
                        rfb.key("1".equals(a.get(1)), (int) keysym);
                    }
                }
                return true;
            case "mouse":
                if (a.size() >= 3 && !settings.readOnly()) {
                    rfb.pointer((int) clamp(number(a.get(2), 0), 0, 255), (int) clamp(number(a.get(0), 0), 0, 65535),
                            (int) clamp(number(a.get(1), 0), 0, 65535));
                }
                return true;
            case "clipboard":
                if (a.size() >= 2 && !settings.disablePaste()) {
                    clipboard.begin(a.get(0), a.get(1));
                }
                return true;
            case "blob":
                if (a.size() >= 2) {
                    clipboard.blob(a.get(0), a.get(1));
                }
                return true;
            case "end":
                if (a.size() >= 1) {
                    byte[] text = clipboard.end(a.get(0));
                    if (text != null && !settings.readOnly()) {
                        rfb.cutText(text);
                    }
                }
                return true;
            case "disconnect":
                return false;
            default:
                // nop, ack, size (no SetDesktopSize), audio and others: nothing to do
                return true;
        }
    }

    private static long number(String s, long fallback) {
        if (s.isEmpty() || s.length() > 19) {
            return fallback;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }
}
