package io.syntropic137.bench.eventstore;

import java.time.Duration;
import java.util.Set;

/**
 * Sizes of the five workloads. {@link #fullSize()} is what the issue specifies; {@link #quickSize()} only proves the
 * program works end to end in a few seconds, its figures mean nothing.
 */
public record Settings(boolean quick,
                       int w1Writers, Duration w1Warmup, Duration w1Duration, int w1Rounds,
                       int w2Events, int w2WarmupEvents, int w2BatchSize, int w2Rounds,
                       int w3Events, int w3WarmupRuns, int w3Runs,
                       int w4Events, int w4PageSize, int w4Runs, int w4WarmupEvents,
                       int w5Rounds, boolean sqliteFullSync,
                       Set<String> only) {

    public static Settings fullSize() {
        return new Settings(false,
                64, Duration.ofSeconds(2), Duration.ofSeconds(10), 2,
                200_000, 20_000, 100, 2,
                10_000, 10, 20,
                1_000_000, 1_000, 2, 100_000,
                100, true,
                Set.of());
    }

    public static Settings quickSize() {
        return new Settings(true,
                8, Duration.ofMillis(300), Duration.ofSeconds(1), 1,
                2_000, 500, 100, 1,
                1_000, 2, 5,
                5_000, 1_000, 1, 1_000,
                10, true,
                Set.of());
    }

    public boolean runs(String workload) {
        return only.isEmpty() || only.contains(workload);
    }

    public Settings withW1(int writers, Duration duration) {
        return new Settings(quick, writers, w1Warmup, duration, w1Rounds, w2Events, w2WarmupEvents, w2BatchSize, w2Rounds, w3Events,
                w3WarmupRuns, w3Runs, w4Events, w4PageSize, w4Runs, w4WarmupEvents, w5Rounds, sqliteFullSync, only);
    }

    public Settings withW2Events(int events) {
        return new Settings(quick, w1Writers, w1Warmup, w1Duration, w1Rounds, events, w2WarmupEvents, w2BatchSize, w2Rounds, w3Events,
                w3WarmupRuns, w3Runs, w4Events, w4PageSize, w4Runs, w4WarmupEvents, w5Rounds, sqliteFullSync, only);
    }

    public Settings withW4(int events, int pageSize) {
        return new Settings(quick, w1Writers, w1Warmup, w1Duration, w1Rounds, w2Events, w2WarmupEvents, w2BatchSize, w2Rounds, w3Events,
                w3WarmupRuns, w3Runs, events, pageSize, w4Runs, Math.min(w4WarmupEvents, events), w5Rounds, sqliteFullSync, only);
    }

    public Settings withOnly(Set<String> workloads) {
        return new Settings(quick, w1Writers, w1Warmup, w1Duration, w1Rounds, w2Events, w2WarmupEvents, w2BatchSize, w2Rounds, w3Events,
                w3WarmupRuns, w3Runs, w4Events, w4PageSize, w4Runs, w4WarmupEvents, w5Rounds, sqliteFullSync, Set.copyOf(workloads));
    }

    /** SQLite only: the product default fsyncs every commit; off shows what that durability costs. */
    public Settings withSqliteFullSync(boolean fullSync) {
        return new Settings(quick, w1Writers, w1Warmup, w1Duration, w1Rounds, w2Events, w2WarmupEvents, w2BatchSize, w2Rounds, w3Events,
                w3WarmupRuns, w3Runs, w4Events, w4PageSize, w4Runs, w4WarmupEvents, w5Rounds, fullSync, only);
    }
}
