package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's TCP sockets as {@code ss} lists them, to prove what the wiring
 * claims: a connection the broker's process holds at both ends is a detour
 * through a socket inside one JVM (as the tunnel once took to its built-in
 * gateway).
 */
public final class OwnSockets {

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+\\d+\\s+\\d+\\s+(\\S+)\\s+(\\S+)\\s+.*pid=(\\d+),");

    /** One TCP socket: its state, local and peer address as ss prints them. */
    public record Tcp(String state, String local, String peer) {
    }

    private OwnSockets() {
    }

    /** The broker's pid, from the run directory ./vdi test keeps it in. */
    public static long brokerPid() throws IOException {
        return Long.parseLong(Files.readString(Path.of(ItEnv.require("VDI_STATE"), "run", "payara.pid")).strip());
    }

    /** Every TCP socket of the process, listening or not. */
    public static List<Tcp> of(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-Htanp").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "ss did not finish");
        assertEquals(0, p.exitValue(), out);
        List<Tcp> mine = new ArrayList<>();
        for (String line : out.lines().toList()) {
            Matcher m = LINE.matcher(line.strip());
            if (m.find() && Long.parseLong(m.group(4)) == pid) {
                mine.add(new Tcp(m.group(1), m.group(2), m.group(3)));
            }
        }
        return mine;
    }

    /** The process's connections whose other end is the process too. */
    public static List<Tcp> toItself(long pid) throws IOException, InterruptedException {
        List<Tcp> all = of(pid);
        Set<String> locals = new HashSet<>();
        all.stream().filter(t -> !t.state().equals("LISTEN")).forEach(t -> locals.add(t.local()));
        return all.stream().filter(t -> t.state().equals("ESTAB") && locals.contains(t.peer())).toList();
    }

    /**
     * The port of Payara Micro's data grid (Hazelcast), which it opens even with
     * clustering off, as its log announces it ("DataGrid: ... Address: /host:port").
     */
    public static java.util.Optional<String> payaraDataGridPort() throws IOException {
        Path log = Path.of(ItEnv.require("VDI_LOGS"), "payara.log");
        Matcher m = Pattern.compile("DataGrid: .* Address: /\\S*:(\\d+)").matcher(Files.readString(log));
        String port = null;
        while (m.find()) {
            port = m.group(1);
        }
        return java.util.Optional.ofNullable(port);
    }

    /** The ports the process listens on. */
    public static Set<String> listening(long pid) throws IOException, InterruptedException {
        Set<String> ports = new HashSet<>();
        for (Tcp t : of(pid)) {
            if (t.state().equals("LISTEN")) {
                ports.add(t.local().substring(t.local().lastIndexOf(':') + 1));
            }
        }
        return ports;
    }
}
