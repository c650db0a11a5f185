package org.vdi.portal.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The guacd that {@code ./vdi test} started for its guacd round (scripts/guacd.sh), for
 * fault tests: its per-connection processes can be killed, and the daemon stopped and
 * started again exactly as it ran (same command line, same libraries), with its pid
 * file brought up to date so the run's cleanup still stops it.
 */
public final class GuacdDaemon {

    private final Path pidFile;

    private GuacdDaemon(Path pidFile) {
        this.pidFile = pidFile;
    }

    /** The round's guacd: the pid file under {@code $VDI_STATE/run}. */
    public static GuacdDaemon ofTestRun() {
        Path f = Path.of(ItEnv.require("VDI_STATE"), "run", "guacd.pid");
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("no guacd pid file " + f + ": this test runs in ./vdi test's guacd round");
        }
        return new GuacdDaemon(f);
    }

    public long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public boolean running() {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Kills (SIGKILL) the processes guacd forked for connections; returns how many. The daemon lives on. */
    public int killConnections() {
        List<ProcessHandle> children = ProcessHandle.of(pid()).orElseThrow().children().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        return children.size();
    }

    /** What to start it again with: its command line and environment, read before stopping it. */
    public record Launch(List<String> command, List<String> environment) {
    }

    /** Stops the daemon and its connections (SIGTERM, then SIGKILL after 10 s); returns how to start it again. */
    public Launch stop() throws IOException, InterruptedException {
        long pid = pid();
        Launch launch = new Launch(nulSeparated(Path.of("/proc", Long.toString(pid), "cmdline")),
                nulSeparated(Path.of("/proc", Long.toString(pid), "environ")));
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.children().forEach(ProcessHandle::destroy);
        h.destroy();
        try {
            h.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            h.destroyForcibly();
        }
        return launch;
    }

    /**
     * Starts guacd again as it ran before {@link #stop}, in a session of its own as
     * scripts/guacd.sh does, logging to the same file, and records its pid.
     */
    public void start(Launch launch) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(launch.command());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        for (String kv : launch.environment()) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        File log = Path.of(ItEnv.require("VDI_LOGS"), "guacd.log").toFile();
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // NOTE: the JVM is no process group leader, so setsid runs guacd in this very process
        Process p = pb.start();
        Files.writeString(pidFile, p.pid() + "\n", StandardCharsets.US_ASCII);
    }

    private static List<String> nulSeparated(Path p) throws IOException {
        String s = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        return Arrays.stream(s.split("\0")).filter(x -> !x.isEmpty()).toList();
    }
}
