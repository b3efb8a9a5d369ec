package io.syntropic137.bench.projections;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.bench.eventstore.ToolCallEvents;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.postgres.PostgresEventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStoreConfig;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import io.syntropic137.projections.Projection;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.ReadModelDatabase;
import io.syntropic137.projections.cache.InProcessQueryCache;
import io.syntropic137.projections.postgres.PostgresReadModelDatabase;
import io.syntropic137.projections.readmodels.ReadModels;
import io.syntropic137.projections.readmodels.executions.ExecutionFilter;
import io.syntropic137.projections.readmodels.executions.ExecutionQueries;
import io.syntropic137.projections.readmodels.support.PageRequest;
import io.syntropic137.projections.sqlite.SqliteReadModelDatabase;
import io.syntropic137.testing.PostgresTestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read side's bar (issue 4): catch-up of every read model from a mixed history next to the store's raw
 * read rate in the same run, cached query latency with >= 10,000 executions stored, and projection lag while
 * writers keep appending. Prints one JSON object as its last line.
 *
 * <p>Usage: {@code ProjectionsBench --backend sqlite|postgres [--events 1000000] [--lag-seconds 10]}. The JSON's
 * {@code jvm_aot} says how the JVM started: {@code cache} (the launcher's ahead-of-time cache, as the server runs
 * after its first start) or {@code off} (cold: {@code SYN_AOT=off ./syn bench projections ...}).
 */
public final class ProjectionsBench {
    private static final Duration LONG = Duration.ofMinutes(30);

    public static void main(String[] args) throws Exception {
        run(args);
    }

    public static void run(String[] args) throws Exception {
        String backend = option(args, "--backend", "sqlite");
        long events = Long.parseLong(option(args, "--events", "1000000"));
        int lagSeconds = Integer.parseInt(option(args, "--lag-seconds", "10"));
        // how the launcher started the JVM (see syn: jvm_cache_flags): with an ahead-of-time cache, cold, or
        // recording for one. A recording run only trains the cache: its catch-up runs in full (trained on a fifth
        // of the history, the cache left C2 more to compile and the ratio lower), its lag probes briefly
        String jvm = System.getProperty("syn.jvm.aot", "off");
        if (jvm.equals("recording")) {
            lagSeconds = 1;
        }
        int repos = 50;
        int triggers = 20;
        long runs = Math.max(1, events / MixedHistory.EVENTS_PER_RUN);
        Path dir = Files.createTempDirectory("syn-bench-projections");
        PostgresTestDatabase pg = backend.equals("postgres") ? PostgresTestDatabase.create("syn_bench_proj") : null;
        EventStore store = pg == null ? SqliteEventStore.open(SqliteEventStoreConfig.of(dir.resolve("events.db")))
                : PostgresEventStore.open(PostgresEventStoreConfig.of(pg.jdbcUrl(), pg.user(), pg.password()).withPoolSize(8));
        ReadModelDatabase database = pg == null ? new SqliteReadModelDatabase(dir.resolve("readmodels.db"))
                : new PostgresReadModelDatabase(pg.jdbcUrl(), pg.user(), pg.password(), 8);
        try {
            MixedHistory history = new MixedHistory();
            long t0 = System.nanoTime();
            for (MixedHistory.StreamBatch b : history.setup(repos, triggers)) {
                store.append(b.streamId(), ExpectedVersion.any(), b.events()).orThrow();
            }
            writeRuns(store, history, 0, runs, repos, triggers);
            long head = store.headPosition();
            log("wrote %d events (%d runs) in %.1f s", head, runs, seconds(t0));

            long rawStart = System.nanoTime();
            long rawCpu = cpuNanos();
            double rawServerCpu = ThreadCpu.localPostgresSeconds();
            long read = readAll(store, head);
            double rawEps = read / seconds(rawStart);
            double rawCpuSeconds = (cpuNanos() - rawCpu) / 1e9;
            double rawServerCpuSeconds = pg == null ? 0 : ThreadCpu.localPostgresSeconds() - rawServerCpu;
            log("raw catch-up read: %d events at %.0f events/s (%.1f s of CPU), load %.2f", read, rawEps, rawCpuSeconds, loadAverage());
            // the same read again, its code now compiled: the catch-up's feed runs that code warm (the first pass
            // warmed it), so this is the stricter baseline; the first pass stays the headline, comparable with
            // every earlier run
            long warmStart = System.nanoTime();
            double warmEps = readAll(store, head) / seconds(warmStart);
            log("raw catch-up read again (warm): %.0f events/s", warmEps);

            List<Projection> projections = ReadModels.projections(EventCodec.standard());
            InProcessQueryCache cache = new InProcessQueryCache(200_000);
            ProjectionManager manager = new ProjectionManager(store, database, projections, Integer.parseInt(option(args, "--batch", "1000")), cache);
            long catchStart = System.nanoTime();
            long catchCpu = cpuNanos();
            java.util.Map<String, Long> threadTicks = ThreadCpu.snapshot();
            double catchServerCpu = ThreadCpu.localPostgresSeconds();
            manager.start();
            for (Projection p : projections) {
                if (!manager.awaitPosition(p.name(), head, LONG)) {
                    throw new IllegalStateException(p.name() + " did not catch up: " + manager.status());
                }
            }
            double catchupEps = head / seconds(catchStart);
            double catchupCpuSeconds = (cpuNanos() - catchCpu) / 1e9;
            double catchupServerCpuSeconds = pg == null ? 0 : ThreadCpu.localPostgresSeconds() - catchServerCpu;
            // CPU seconds of this process next to the wall clock: on a shared machine the wall-clock ratio moves
            // with the others' load, the CPU ratio much less (PostgreSQL's own CPU is not in it)
            log("catch-up of %d projections: %.0f events/s (ratio %.2f; %.1f s of CPU, %.2fx the raw read's), load %.2f",
                    projections.size(), catchupEps, catchupEps / rawEps, catchupCpuSeconds, catchupCpuSeconds / rawCpuSeconds, loadAverage());
            log("catch-up CPU by thread: %s", ThreadCpu.since(threadTicks, 12));
            if (pg != null) {
                // the server's own CPU competes with this process for the same cores (when it runs on this machine)
                log("local PostgreSQL server CPU: raw read %.2f s, catch-up %.2f s", rawServerCpuSeconds, catchupServerCpuSeconds);
            }

            ReadModels.Queries queries = ReadModels.queries(manager, database);
            double[] detail = detailLatencies(queries.executions(), runs);
            double[] list = listLatencies(queries.executions());
            log("cached query p99: detail %.3f ms, list %.3f ms", detail[0], list[0]);
            log("uncached query p99: detail %.3f ms, list %.3f ms", detail[1], list[1]);

            double lagP99 = lagUnderLoad(store, manager, history, runs, repos, triggers, lagSeconds, Load.W1);
            log("projection lag under the event-store W1 workload (64 writers): p99 %.1f ms", lagP99);
            double mixedLagP99 = lagUnderLoad(store, manager, history, runs, repos, triggers, lagSeconds, Load.MIXED);
            log("projection lag under 8 writers of mixed runs: p99 %.1f ms", mixedLagP99);
            manager.close();
            cache.close();

            System.out.println(String.format(Locale.ROOT, "{\"benchmark\":\"projections\",\"backend\":\"%s\",\"jvm_aot\":\"%s\",\"events\":%d,"
                            + "\"executions\":%d,\"catchup_eps\":%.0f,\"raw_read_eps\":%.0f,\"store_read_eps\":%.0f,"
                            + "\"catchup_ratio\":%.3f,\"catchup_ok\":%b,\"catchup_cpu_s\":%.2f,\"store_read_cpu_s\":%.2f,"
                            + "\"catchup_server_cpu_s\":%.2f,\"store_read_server_cpu_s\":%.2f,\"query_p99_ms_detail\":%.3f,\"query_p99_ms_list\":%.3f,"
                            + "\"query_p99_ms\":%.3f,\"query_ok\":%b,\"uncached_p99_ms_detail\":%.3f,\"uncached_p99_ms_list\":%.3f,"
                            + "\"lag_p99_ms\":%.1f,\"lag_ok\":%b,\"lag_mixed_p99_ms\":%.1f,\"store_read_warm_eps\":%.0f,"
                            + "\"catchup_ratio_warm\":%.3f,\"load1\":%.2f}",
                    backend, jvm, head, runs, catchupEps, rawEps, rawEps, catchupEps / rawEps, catchupEps / rawEps >= 0.3,
                    catchupCpuSeconds, rawCpuSeconds, catchupServerCpuSeconds, rawServerCpuSeconds,
                    detail[0], list[0], Math.max(detail[0], list[0]), Math.max(detail[0], list[0]) <= 1.0, detail[1], list[1],
                    lagP99, lagP99 <= 200, mixedLagP99, warmEps, catchupEps / warmEps, loadAverage()));
        } finally {
            database.close();
            store.close();
            if (pg != null) {
                pg.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Reads the whole log in pages of 1,000, as a catch-up would, and returns how many events it read. */
    private static long readAll(EventStore store, long head) {
        long read = 0;
        long after = 0;
        while (after < head) {
            EventPage page = store.readPage(after, 1000, EventFilter.ALL);
            read += page.events().size();
            after = page.scannedTo();
        }
        return read;
    }

    private static void writeRuns(EventStore store, MixedHistory history, long from, long to, int repos, int triggers)
            throws Exception {
        // many concurrent appenders, so the store's group commit batches them as it would under real load
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicLong next = new AtomicLong(from);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 32; w++) {
                futures.add(writers.submit(() -> {
                    for (long n = next.getAndIncrement(); n < to; n = next.getAndIncrement()) {
                        for (MixedHistory.StreamBatch b : history.run(n, repos, triggers)) {
                            store.append(b.streamId(), ExpectedVersion.any(), b.events()).orThrow();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    /** p99 of execution detail reads: [from a warmed cache, first read of each id]. */
    private static double[] detailLatencies(ExecutionQueries executions, long runs) {
        int ids = (int) Math.min(10_000, runs);
        double[] cold = new double[ids];
        for (int i = 0; i < ids; i++) {
            long t = System.nanoTime();
            executions.detail("x" + i).orElseThrow();
            cold[i] = (System.nanoTime() - t) / 1e6;
        }
        double[] warm = new double[100_000];
        for (int i = 0; i < warm.length; i++) {
            String id = "x" + ThreadLocalRandom.current().nextInt(ids);
            long t = System.nanoTime();
            executions.detail(id).orElseThrow();
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        return new double[]{p99(warm), p99(cold)};
    }

    /** p99 of list pages (50 rows; first pages of the unfiltered list and per template): [cached, first read]. */
    private static double[] listLatencies(ExecutionQueries executions) {
        List<ExecutionFilter> filters = new ArrayList<>();
        filters.add(ExecutionFilter.ALL);
        for (int t = 0; t < 10; t++) {
            filters.add(ExecutionFilter.ALL.withTemplate("wf-" + t));
        }
        List<PageRequest> pages = new ArrayList<>();
        double[] cold = new double[filters.size() * 5];
        int c = 0;
        for (ExecutionFilter filter : filters) {
            PageRequest page = PageRequest.first(50);
            for (int p = 0; p < 5; p++) {
                long t = System.nanoTime();
                var result = executions.list(filter, ExecutionQueries.Sort.NEWEST_FIRST, page);
                cold[c++] = (System.nanoTime() - t) / 1e6;
                pages.add(page);
                page = page.next(result.nextCursor());
            }
        }
        double[] warm = new double[100_000];
        for (int i = 0; i < warm.length; i++) {
            int k = ThreadLocalRandom.current().nextInt(pages.size());
            long t = System.nanoTime();
            executions.list(filters.get(k / 5), ExecutionQueries.Sort.NEWEST_FIRST, pages.get(k));
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        return new double[]{p99(warm), p99(cold)};
    }

    /** The write load running while lag is probed. */
    enum Load {
        /** The event-store benchmark's W1: 64 writers, one event per append, each to its own stream, exact version. */
        W1,
        /** 8 writers appending whole mixed runs (35 events over 8 streams), most of them read by some projection. */
        MIXED
    }

    /**
     * Writers append continuously, as fast as the store takes them, while a probe appends one execution every
     * 20 ms and measures how long until the executions read model has applied it.
     */
    private static double lagUnderLoad(EventStore store, ProjectionManager manager, MixedHistory history, long runs,
                                       int repos, int triggers, int seconds, Load load) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong next = new AtomicLong(runs + 1_000_000 + (load == Load.W1 ? 0 : 100_000_000L));
        long probeBase = load == Load.W1 ? 2_000_000_000L : 3_000_000_000L;
        List<Double> lags = new ArrayList<>();
        List<Double> appends = new ArrayList<>();
        ToolCallEvents toolCalls = new ToolCallEvents();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            int writerCount = load == Load.W1 ? 64 : 8;
            for (int w = 0; w < writerCount; w++) {
                String stream = "w1-lag-writer-" + w;
                futures.add(writers.submit(() -> {
                    long version = 0;
                    while (!stop.get()) {
                        if (load == Load.W1) {
                            store.append(stream, ExpectedVersion.exactly(version++), List.of(toolCalls.next())).orThrow();
                        } else {
                            for (MixedHistory.StreamBatch b : history.run(next.getAndIncrement(), repos, triggers)) {
                                store.append(b.streamId(), ExpectedVersion.any(), b.events()).orThrow();
                            }
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1_000); // writers up to speed before the first probe
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long probe = 0;
            long startHead = store.headPosition();
            long started = System.nanoTime();
            while (System.nanoTime() < end) {
                MixedHistory.StreamBatch b = history.run(probeBase + probe++, repos, triggers).getFirst();
                long t = System.nanoTime();
                long position = store.append(b.streamId(), ExpectedVersion.any(), b.events()).orThrow().lastPosition();
                long appended = System.nanoTime();
                if (!manager.awaitPosition("executions", position, Duration.ofSeconds(30))) {
                    throw new IllegalStateException("the executions projection fell 30 s behind: " + manager.status());
                }
                // lag counts from before the append (an upper bound: it includes the append's own latency under
                // load); how much of it was the append is kept apart to show what limits it
                lags.add((System.nanoTime() - t) / 1e6);
                appends.add((appended - t) / 1e6);
                Thread.sleep(20);
            }
            long written = store.headPosition() - startHead;
            double elapsed = seconds(started);
            stop.set(true);
            for (Future<?> f : futures) {
                f.get();
            }
            log("lag probe (%s): %d samples while %d events were written (%.0f events/s); p50 %.1f ms, p99 %.1f ms, of which "
                            + "the probe's own append p50 %.1f ms, p99 %.1f ms; load %.2f", load, lags.size(), written, written / elapsed,
                    percentile(lags, 50), percentile(lags, 99), percentile(appends, 50), percentile(appends, 99), loadAverage());
        }
        return p99(lags.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The 1-minute load average (Linux), recorded next to the figures: the machine is shared. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static double percentile(List<Double> values, int p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static double p99(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
