package io.syntropic137.observability.bench;

import io.syntropic137.observability.BufferSettings;
import io.syntropic137.observability.CostRow;
import io.syntropic137.observability.PriceTable;
import io.syntropic137.observability.TelemetryBuffer;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryQueries;
import io.syntropic137.observability.TelemetryStore;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * {@code syn bench observability --backend postgres|sqlite [--quick] [--events N] [--cost-rows N] [--rounds N]
 * [--producers N] [--buffer-batch N] [--baseline-chunk N] [--flushers N]}.
 *
 * <ol>
 *   <li>Ingest: the same events are written by producers through the buffer into our store, and by the raw
 *       baseline (PostgreSQL: COPY; SQLite: plain batched INSERTs) into the same, emptied table; alternating,
 *       best of the rounds for each side. Ours counts from the first submit to the last acknowledgement.</li>
 *   <li>Cost query: the table is filled inside the database up to the cost-rows size, then the cost of one
 *       random execution (about 1000 events each) is asked repeatedly; p50 and p99.</li>
 * </ol>
 * The last line of output is one JSON object with every figure.
 */
public final class ObservabilityBenchmark {
    static final String USAGE = """
            usage: syn bench observability --backend postgres|sqlite [--quick] [--events N] [--cost-rows N] [--rounds N]
                                           [--producers N] [--buffer-batch N] [--baseline-chunk N] [--flushers N]
                                           [--baseline-without-generated-keys]
              --quick   tiny sizes: proves the program works; the figures mean nothing
            PostgreSQL is reached as the tests reach it: SYN_TEST_PG_URL (default jdbc:postgresql://127.0.0.1:5432/),
            SYN_TEST_PG_USER (default postgres), SYN_TEST_PG_PASSWORD. A throwaway database is created and dropped.
            """;
    private static final double INGEST_BAR = 0.8;
    private static final double COST_P99_BAR_MS = 50;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Returns the exit code: 0 when the run completed (whatever the bars say), 2 for bad usage, 1 on failure. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        if (!list.isEmpty() && list.getFirst().equals("observability")) {
            list.removeFirst();
        }
        int backendAt = list.indexOf("--backend");
        String backendName = backendAt >= 0 && backendAt + 1 < list.size() ? list.get(backendAt + 1) : null;
        BenchSettings settings;
        try {
            if (!"postgres".equals(backendName) && !"sqlite".equals(backendName)) {
                throw new IllegalArgumentException("--backend postgres|sqlite is required");
            }
            settings = BenchSettings.parse(list, backendName);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try (BenchBackend backend = backendName.equals("postgres") ? new PostgresBench()
                : new SqliteBench(!list.contains(BenchSettings.BASELINE_WITHOUT_GENERATED_KEYS))) {
            new ObservabilityBenchmark(backend, settings, out).measure();
            return 0;
        } catch (Exception e) {
            err.println("the benchmark failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private final BenchBackend backend;
    private final BenchSettings settings;
    private final PrintStream out;

    private ObservabilityBenchmark(BenchBackend backend, BenchSettings settings, PrintStream out) {
        this.backend = backend;
        this.settings = settings;
        this.out = out;
    }

    private void measure() throws Exception {
        // three UTC days from today: inside the partitions the PostgreSQL store keeps ready, so both sides
        // write into existing partitions
        Instant start = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration span = Duration.ofDays(3);
        out.printf(Locale.ROOT, "backend %s: generating %,d events%n", backend.name(), settings.events());
        List<TelemetryEvent> events = SyntheticEvents.generate(settings.events(), start, span);
        try (TelemetryStore warm = backend.openStore()) {
            warm.write(events.subList(0, Math.min(1_000, events.size())));
        }
        double bestOurs = 0;
        double bestBaseline = 0;
        double oursCpu = Double.MAX_VALUE;
        double baselineCpu = Double.MAX_VALUE;
        for (int round = 1; round <= settings.rounds(); round++) {
            backend.reset();
            long cpuBefore = processCpuNanos();
            double baselineSeconds = backend.baseline(events, settings.baselineChunk());
            double baselineCpuPerEvent = (processCpuNanos() - cpuBefore) / 1e3 / events.size();
            double baselineEps = events.size() / baselineSeconds;
            String baselineFootprint = backend.footprint();
            backend.reset();
            cpuBefore = processCpuNanos();
            double oursSeconds = ingest(events);
            double oursCpuPerEvent = (processCpuNanos() - cpuBefore) / 1e3 / events.size();
            double oursEps = events.size() / oursSeconds;
            String oursFootprint = backend.footprint();
            long stored = backend.count();
            if (stored != events.size()) {
                throw new IllegalStateException("ours stored " + stored + " rows of " + events.size());
            }
            out.printf(Locale.ROOT, "round %d: ours %,.0f events/s (%.1f s, %.2f µs CPU/event%s), baseline %,.0f events/s"
                            + " (%.1f s, %.2f µs CPU/event%s), ratio %.2f, load %s%n",
                    round, oursEps, oursSeconds, oursCpuPerEvent, oursFootprint, baselineEps, baselineSeconds, baselineCpuPerEvent,
                    baselineFootprint, oursEps / baselineEps, loadAverage());
            oursCpu = Math.min(oursCpu, oursCpuPerEvent);
            baselineCpu = Math.min(baselineCpu, baselineCpuPerEvent);
            bestOurs = Math.max(bestOurs, oursEps);
            bestBaseline = Math.max(bestBaseline, baselineEps);
        }
        int executions = (int) Math.max(1, settings.costRows() / 1_000);
        long fillStart = System.nanoTime();
        backend.fillTo(settings.costRows(), executions, start, span);
        long rows = backend.count();
        out.printf(Locale.ROOT, "filled the table to %,d rows in %.0f s%n", rows, (System.nanoTime() - fillStart) / 1e9);
        double[] latencies = costQueries(executions);
        double p50 = percentile(latencies, 50);
        double p99 = percentile(latencies, 99);
        out.printf(Locale.ROOT, "cost of one execution over %,d rows: p50 %.2f ms, p99 %.2f ms (%d queries)%n",
                rows, p50, p99, latencies.length);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", backend.name());
        json.put("events", settings.events());
        json.put("ingest_eps", Math.round(bestOurs));
        json.put("baseline_eps", Math.round(bestBaseline));
        json.put("ingest_ratio", round2(bestOurs / bestBaseline));
        json.put("ingest_ok", bestOurs >= INGEST_BAR * bestBaseline);
        json.put("ingest_cpu_us_per_event", round2(oursCpu));
        json.put("baseline_cpu_us_per_event", round2(baselineCpu));
        json.put("cost_query_rows", rows);
        json.put("cost_query_p50_ms", round2(p50));
        json.put("cost_query_p99_ms", round2(p99));
        json.put("cost_query_ok", p99 <= COST_P99_BAR_MS);
        json.put("rounds", settings.rounds());
        json.put("producers", settings.producers());
        json.put("buffer_batch", settings.bufferBatch());
        json.put("flushers", settings.flushers());
        json.put("baseline_chunk", settings.baselineChunk());
        backend.describe(json);
        out.println(toJson(json));
    }

    /** Producers submit slices through the buffer; the clock stops at the last acknowledgement. */
    private double ingest(List<TelemetryEvent> events) throws Exception {
        int batch = settings.bufferBatch();
        BufferSettings buffer = new BufferSettings(batch * 8, batch, Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ofSeconds(60),
                settings.flushers());
        try (TelemetryStore store = backend.openStore(); TelemetryBuffer telemetry = new TelemetryBuffer(store, buffer)) {
            List<CompletableFuture<Void>> acks = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> producers = new ArrayList<>();
            int submit = settings.submitBatch();
            long start = System.nanoTime();
            for (int p = 0; p < settings.producers(); p++) {
                int producer = p;
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int from = producer * submit; from < events.size(); from += settings.producers() * submit) {
                        try {
                            acks.add(telemetry.submit(events.subList(from, Math.min(events.size(), from + submit))));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Thread producer : producers) {
                producer.join();
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private double[] costQueries(int executions) {
        SplittableRandom random = new SplittableRandom(137);
        try (TelemetryStore store = backend.openStore()) {
            TelemetryQueries queries = new TelemetryQueries(store, PriceTable.defaults());
            int warmup = Math.max(10, settings.costQueries() / 10);
            for (int i = 0; i < warmup; i++) {
                queries.executionCost("exec-" + random.nextInt(executions));
            }
            double[] latencies = new double[settings.costQueries()];
            for (int i = 0; i < latencies.length; i++) {
                String execution = "exec-" + random.nextInt(executions);
                long start = System.nanoTime();
                CostRow row = queries.executionCost(execution);
                latencies[i] = (System.nanoTime() - start) / 1e6;
                if (row.tokens().total() == 0) {
                    throw new IllegalStateException(execution + " has no usage: the query measured nothing");
                }
            }
            return latencies;
        }
    }

    /**
     * The whole process's CPU time (every thread, the SQLite/JDBC native code, GC and JIT included): on a shared
     * machine wall-clock throughput moves with other people's load, CPU per event much less.
     */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
    }

    /** The 1-minute load average, printed next to each round because other builds share the cores. */
    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static double percentile(double[] values, double percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String toJson(Map<String, Object> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":");
            json.append(value instanceof String text ? "\"" + text + "\"" : String.valueOf(value));
        });
        return json.append('}').toString();
    }
}
