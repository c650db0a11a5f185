package org.vdi.portal.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps evidence for a failed run under {@code $VDI_TEST_ARTIFACTS/<test>/}:
 * serial logs and domain XML of the test's desktops. Does nothing when the
 * variable is not set; never fails a test.
 */
public final class Artifacts {

    private Artifacts() {
    }

    private static Path dir(String test) throws IOException {
        String base = System.getenv("VDI_TEST_ARTIFACTS");
        if (base == null || base.isBlank()) {
            return null;
        }
        Path d = Path.of(base, test.replaceAll("[^A-Za-z0-9_.-]", "_"));
        Files.createDirectories(d);
        return d;
    }

    public static void write(String test, String file, String content) {
        try {
            Path d = dir(test);
            if (d != null) {
                Files.writeString(d.resolve(file.replaceAll("[^A-Za-z0-9_.-]", "_")), content);
            }
        } catch (IOException e) {
            System.err.println("[it] cannot keep artifact " + file + ": " + e);
        }
    }

    /** Copies the desktop's serial log and writes its domain XML, when they exist. */
    public static void keepDesktop(String test, String desktop) {
        try {
            Path d = dir(test);
            if (d == null) {
                return;
            }
            Path log = SerialLog.path(desktop);
            if (Files.exists(log)) {
                Files.copy(log, d.resolve(desktop + ".serial.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            Virsh.Result xml = Virsh.run("dumpxml", desktop);
            if (xml.ok()) {
                Files.writeString(d.resolve(desktop + ".domain.xml"), xml.out());
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            System.err.println("[it] cannot keep artifacts of " + desktop + ": " + e);
        }
    }
}
