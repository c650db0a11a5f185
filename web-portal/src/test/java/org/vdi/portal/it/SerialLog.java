package org.vdi.portal.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A desktop's first serial port as libvirt logs it for the broker:
 * {@code $VDI_SERIAL_DIR/<desktop>.log}. The log is rewritten (append off)
 * each time the domain starts, so whatever it holds belongs to the current boot.
 *
 * <p>The golden image's contract (scripts/golden-image.sh): {@code VDI-DISK-MARKER: <line>}
 * when /mnt/disk/marker exists at boot, then {@code VDI-GUEST-READY} once the shell
 * on the VGA console reads keys; {@code VDI-AGENT-STARTED} (in either order with the
 * ready line) when qemu-ga starts on the guest agent's channel.
 */
public final class SerialLog {

    public static final String READY = "VDI-GUEST-READY";
    public static final String MARKER = "VDI-DISK-MARKER: ";

    /** A TCG boot takes a few seconds alone, far longer with other guests booting on two cores. */
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    private SerialLog() {
    }

    public static Path path(String desktop) {
        return ItEnv.serialDir().resolve(desktop + ".log");
    }

    /** The log's content now ("" while there is none). */
    public static String read(String desktop) {
        try {
            return new String(Files.readAllBytes(path(desktop)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path(desktop) + ": " + e, e);
        }
    }

    /** Waits until the log holds the text; returns the whole log then. */
    public static String await(String desktop, String text, Duration timeout) {
        try {
            return Wait.until("\"" + text + "\" in the serial log " + path(desktop), timeout,
                    Duration.ofMillis(500), () -> read(desktop), s -> s.contains(text));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nthe log ends with:\n" + tail(read(desktop)), e.getCause());
        }
    }

    public static String awaitReady(String desktop) {
        return await(desktop, READY, BOOT_TIMEOUT);
    }

    static String tail(String log) {
        String clean = log.replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "");
        return clean.length() > 1500 ? "..." + clean.substring(clean.length() - 1500) : clean;
    }
}
