package io.syntropic137.bench.projections;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time per thread of this process from {@code /proc/self/task} (Linux), so a run says where the catch-up's
 * CPU went (projection runners, the feed, JIT compilers, GC) without a profiler. Elsewhere it reports nothing.
 */
final class ThreadCpu {
    /** Clock ticks per second of {@code /proc}'s utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** user + system ticks per thread, keyed by "tid name". */
    static Map<String, Long> snapshot() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // the name is in parentheses and may hold spaces; the fields after it are space-separated
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    ticks.put(task.getFileName() + " " + stat.substring(open + 1, close), used);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ticks;
    }

    /** The {@code top} threads by CPU seconds since {@code before}, threads of one name summed. */
    static String since(Map<String, Long> before, int top) {
        Map<String, Long> byName = new HashMap<>();
        snapshot().forEach((key, used) -> {
            long delta = used - before.getOrDefault(key, 0L);
            if (delta > 0) {
                byName.merge(key.substring(key.indexOf(' ') + 1), delta, Long::sum);
            }
        });
        return byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue() / TICKS_PER_SECOND))
                .collect(Collectors.joining(", "));
    }

    /**
     * CPU seconds used so far by the processes named {@code postgres} on this machine (the server's backends and
     * background workers; on a shared machine other sessions' work on the same server counts too), or -1.
     */
    static double localPostgresSeconds() {
        long[] ticks = {0};
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(process -> {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        String[] fields = stat.substring(close + 2).split(" ");
                        ticks[0] += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks[0] / TICKS_PER_SECOND;
    }
}
