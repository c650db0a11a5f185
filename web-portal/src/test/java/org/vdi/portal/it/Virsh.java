package org.vdi.portal.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code virsh -c $VDI_LIBVIRT_URI ...} as a separate process, always with a
 * timeout: how the tests look at (and, behind the broker's back, change) the
 * hypervisor, independently of the broker's own libvirt code.
 */
public final class Virsh {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The broker's mark in a domain's {@code <metadata>}. */
    public static final String BROKER_NS = "https://vdi-broker.org/xmlns/libvirt/1";

    private Virsh() {
    }

    /** One virsh run. */
    public record Result(List<String> command, int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + (out.isBlank() ? "" : "\nstdout: " + out.strip())
                    + (err.isBlank() ? "" : "\nstderr: " + err.strip());
        }
    }

    public static Result run(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", ItEnv.libvirtUri()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", cmd) + ": " + e, e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
            return new Result(cmd, p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", cmd), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the output of " + String.join(" ", cmd) + ": " + e, e);
        }
    }

    public static Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    /** Runs and returns stdout; fails with the whole result unless virsh exits with 0. */
    public static String ok(String... args) {
        Result r = run(args);
        if (!r.ok()) {
            throw new AssertionError("virsh failed: " + r);
        }
        return r.out();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    // --- domains ---------------------------------------------------------------

    public static boolean domainExists(String name) {
        return run("dominfo", name).ok();
    }

    /** "running", "shut off", ..., or null when there is no such domain. */
    public static String domState(String name) {
        Result r = run("domstate", name);
        return r.ok() ? r.out().strip() : null;
    }

    /** The running domain's id (a new one at every start), or null when it is not running. */
    public static String domId(String name) {
        Result r = run("domid", name);
        String id = r.out().strip();
        return r.ok() && id.matches("\\d+") ? id : null;
    }

    /** True when the domain is defined (persistent), not only running (transient). */
    public static boolean persistent(String name) {
        Result r = run("dominfo", name);
        return r.ok() && r.out().lines().anyMatch(l -> l.matches("Persistent:\\s+yes"));
    }

    public static String dumpXml(String name) {
        return ok("dumpxml", name);
    }

    /** The persistent definition (what a define wrote), not the live one. */
    /** True when the domain's qemu-guest-agent answers guest-ping within two seconds. */
    public static boolean guestPing(String name) {
        Result r = run("qemu-agent-command", name, "{\"execute\":\"guest-ping\"}", "--timeout", "2");
        return r.ok() && r.out().contains("\"return\"");
    }

    public static String dumpInactiveXml(String name) {
        return ok("dumpxml", "--inactive", name);
    }

    public static List<String> allDomainNames() {
        return ok("list", "--all", "--name").lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public static void destroy(String name) {
        ok("destroy", name);
    }

    public static void undefine(String name) {
        ok("undefine", name);
    }

    /** Defines a domain from XML (through a temporary file). */
    public static void define(String xml) {
        Path f = null;
        try {
            f = Files.createTempFile("vdi-it-domain-", ".xml");
            Files.writeString(f, xml);
            ok("define", f.toString());
        } catch (IOException e) {
            throw new AssertionError("cannot write a temporary domain XML: " + e, e);
        } finally {
            deleteQuietly(f);
        }
    }

    /** Destroys (when running) and undefines a domain, if it exists; for cleanup. */
    public static void removeDomainQuietly(String name) {
        if ("running".equals(domState(name)) || "paused".equals(domState(name))) {
            run("destroy", name);
        }
        if (domainExists(name)) {
            run("undefine", name);
        }
    }

    // --- storage ---------------------------------------------------------------

    public static boolean volumeExists(String pool, String volume) {
        return run("vol-info", "--pool", pool, volume).ok();
    }

    public static String volumeXml(String pool, String volume) {
        return ok("vol-dumpxml", "--pool", pool, volume);
    }

    public static String volumePath(String pool, String volume) {
        return ok("vol-path", "--pool", pool, volume).strip();
    }

    public static void poolRefresh(String pool) {
        ok("pool-refresh", pool);
    }

    public static boolean poolExists(String pool) {
        return run("pool-info", pool).ok();
    }

    // --- keyboard --------------------------------------------------------------

    /**
     * Types text on the domain's keyboard (the guest's VGA console), one
     * {@code virsh send-key --codeset linux} per character, with left shift
     * for capitals and shifted symbols (US layout).
     */
    public static void type(String domain, String text) {
        for (char c : text.toCharArray()) {
            int[] keys = keys(c);
            if (keys == null) {
                throw new IllegalArgumentException("no key for '" + c + "' in the test keyboard map");
            }
            List<String> args = new ArrayList<>(List.of("send-key", domain, "--codeset", "linux"));
            for (int k : keys) {
                args.add(Integer.toString(k));
            }
            ok(args.toArray(String[]::new));
        }
    }

    // Linux input event codes (linux/input-event-codes.h), US layout.
    private static final int KEY_LEFTSHIFT = 42;
    private static final Map<Character, Integer> PLAIN = new HashMap<>();
    private static final Map<Character, Character> SHIFTED = Map.of('>', '.', '<', ',', '_', '-', '|', '\\',
            ':', ';', '"', '\'', '&', '7', '!', '1', '$', '4', '*', '8');

    static {
        String digits = "1234567890-=";
        for (int i = 0; i < digits.length(); i++) {
            PLAIN.put(digits.charAt(i), 2 + i);
        }
        String[] rows = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
        int[] rowStart = {16, 30, 44};
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < rows[r].length(); i++) {
                PLAIN.put(rows[r].charAt(i), rowStart[r] + i);
            }
        }
        PLAIN.put(';', 39);
        PLAIN.put('\'', 40);
        PLAIN.put('\\', 43);
        PLAIN.put(',', 51);
        PLAIN.put('.', 52);
        PLAIN.put('/', 53);
        PLAIN.put(' ', 57);
        PLAIN.put('\n', 28);
    }

    static int[] keys(char c) {
        Integer plain = PLAIN.get(c);
        if (plain != null) {
            return new int[] {plain};
        }
        char lower = Character.toLowerCase(c);
        if (c != lower && PLAIN.containsKey(lower)) {
            return new int[] {KEY_LEFTSHIFT, PLAIN.get(lower)};
        }
        Character base = SHIFTED.get(c);
        return base == null ? null : new int[] {KEY_LEFTSHIFT, PLAIN.get(base)};
    }

    static void deleteQuietly(Path f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // a temporary file; nothing depends on it
            }
        }
    }
}
