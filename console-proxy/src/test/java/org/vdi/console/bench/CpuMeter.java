package org.vdi.console.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the two proxies: the gateway's threads in this JVM (ThreadMXBean, by
 * thread name prefix) and a process with its descendants (Linux /proc, for websockify,
 * which forks a process per connection).
 */
final class CpuMeter {

    /** Nanoseconds per clock tick of /proc/PID/stat. */
    private static final long TICK_NANOS = 1_000_000_000L / clockTicks();

    private CpuMeter() {
    }

    /** CPU nanoseconds so far of each live thread whose name starts with {@code prefix}, by thread id. */
    static Map<Long, Long> threads(String prefix) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeEnabled()) {
            mx.setThreadCpuTimeEnabled(true);
        }
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(prefix)) {
                long ns = mx.getThreadCpuTime(t.getThreadId());
                if (ns >= 0) {
                    cpu.put(t.getThreadId(), ns);
                }
            }
        }
        return cpu;
    }

    /** CPU nanoseconds spent between two {@link #threads} snapshots (threads new since count from zero). */
    static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return sum;
    }

    /** CPU nanoseconds so far of {@code pid} and each live descendant, by pid (utime + stime). */
    static Map<Long, Long> processTree(long pid) throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    continue; // gone meanwhile
                }
                long[] s = parseStat(stat);
                children.computeIfAbsent(s[0], k -> new ArrayList<>()).add(Long.parseLong(n));
                ticks.put(Long.parseLong(n), s[1]);
            }
        }
        Map<Long, Long> cpu = new HashMap<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            long p = todo.pop();
            Long t = ticks.get(p);
            if (t != null) {
                cpu.put(p, t * TICK_NANOS);
            }
            todo.addAll(children.getOrDefault(p, List.of()));
        }
        return cpu;
    }

    /**
     * Parent pid and utime + stime in clock ticks from a /proc/PID/stat line. The
     * command name (field 2) is in parentheses and may hold spaces and parentheses, so
     * fields are counted from the last ')'.
     */
    static long[] parseStat(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line");
        }
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15
        long ppid = Long.parseLong(f[1]);
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return new long[] {ppid, utime + stime};
    }

    /** USER_HZ: 100 on every Linux that matters here; getconf tells for sure. */
    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor() == 0 && out.matches("\\d+")) {
                return Long.parseLong(out);
            }
        } catch (IOException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
