package org.vdi.console.gateway;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * A test stand-in for guacamole-common-js's display: applies {@code size}, {@code img}
 * streams, {@code copy} and {@code cursor} to images, frame by frame.
 */
final class GuacCanvas {

    BufferedImage screen = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    BufferedImage cursorLayer;
    int[] cursor; // hotX, hotY, w, h
    String name;
    final List<String> opcodes = new ArrayList<>();
    final List<String> clipboard = new ArrayList<>();
    private final Map<String, Stream> streams = new HashMap<>();
    long pngBytes;

    private record Stream(String kind, int layer, int x, int y, ByteArrayOutputStream data) {
    }

    /** Reads and applies instructions up to and including the next {@code sync}; returns its timestamp. */
    String readFrame(GuacamoleReader reader) throws GuacamoleException, IOException {
        for (;;) {
            GuacamoleInstruction i = reader.readInstruction();
            if (i == null) {
                throw new IOException("stream ended");
            }
            String sync = apply(i);
            if (sync != null) {
                return sync;
            }
        }
    }

    /** @return the timestamp when {@code i} is a sync */
    String apply(GuacamoleInstruction i) throws IOException {
        List<String> a = i.getArgs();
        opcodes.add(i.getOpcode());
        switch (i.getOpcode()) {
            case "name" -> name = a.get(0);
            case "size" -> {
                int layer = Integer.parseInt(a.get(0));
                BufferedImage img = new BufferedImage(Integer.parseInt(a.get(1)), Integer.parseInt(a.get(2)),
                        BufferedImage.TYPE_INT_ARGB);
                if (layer == 0) {
                    img.getGraphics().drawImage(screen, 0, 0, null);
                    screen = img;
                } else {
                    cursorLayer = img;
                }
            }
            case "img" -> streams.put(a.get(0), new Stream("img", Integer.parseInt(a.get(2)),
                    Integer.parseInt(a.get(4)), Integer.parseInt(a.get(5)), new ByteArrayOutputStream()));
            case "clipboard" -> streams.put(a.get(0), new Stream("clipboard", 0, 0, 0, new ByteArrayOutputStream()));
            case "blob" -> streams.get(a.get(0)).data().writeBytes(Base64.getDecoder().decode(a.get(1)));
            case "end" -> end(streams.remove(a.get(0)));
            case "copy" -> {
                int sx = Integer.parseInt(a.get(1));
                int sy = Integer.parseInt(a.get(2));
                int w = Integer.parseInt(a.get(3));
                int h = Integer.parseInt(a.get(4));
                int[] px = screen.getRGB(sx, sy, w, h, null, 0, w);
                screen.setRGB(Integer.parseInt(a.get(7)), Integer.parseInt(a.get(8)), w, h, px, 0, w);
            }
            case "cursor" -> cursor = new int[] {Integer.parseInt(a.get(0)), Integer.parseInt(a.get(1)),
                Integer.parseInt(a.get(5)), Integer.parseInt(a.get(6))};
            case "sync" -> {
                return a.get(0);
            }
            default -> {
            }
        }
        return null;
    }

    private void end(Stream s) throws IOException {
        byte[] data = s.data().toByteArray();
        if (s.kind().equals("clipboard")) {
            clipboard.add(new String(data, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        pngBytes += data.length;
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
        BufferedImage target = s.layer() == 0 ? screen : cursorLayer;
        int w = img.getWidth();
        int h = img.getHeight();
        target.setRGB(s.x(), s.y(), w, h, img.getRGB(0, 0, w, h, null, 0, w), 0, w);
    }

    /** The screen's pixels, ARGB, row-major. */
    int[] pixels() {
        return screen.getRGB(0, 0, screen.getWidth(), screen.getHeight(), null, 0, screen.getWidth());
    }
}
