package io.syntropic137.bench.eventstore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs W1..W5 on one backend, each on a fresh throwaway database, and puts our figures next to baselines
 * measured in the same run on the same database.
 */
public final class EventStoreBenchmark {
    private static final double PG_W1_RATIO = 2.0;
    private static final double PG_W1_P99_MS = 25;
    private static final double SQLITE_W1_EPS = 20_000;
    private static final double W2_RATIO = 0.8;
    private static final double W3_MEDIAN_MS = 15;
    private static final double W4_RATIO = 0.7;

    private final Backend backend;
    private final Settings settings;
    private final PrintStream progress;
    private final ToolCallEvents events = new ToolCallEvents();
    private final Report report = new Report();
    private final List<String> loads = new ArrayList<>();

    public EventStoreBenchmark(Backend backend, Settings settings, PrintStream progress) {
        this.backend = backend;
        this.settings = settings;
        this.progress = progress;
    }

    public Report run() throws Exception {
        report.figure("backend", backend.id());
        report.figure("quick", settings.quick());
        report.figure("payload_bytes", events.averagePayloadBytes());
        if (backend == Backend.SQLITE) {
            report.figure("sqlite_sync", settings.sqliteFullSync() ? "full" : "normal");
        }
        report.header("Syntropic137 event store benchmark, backend " + backend.id()
                + (settings.quick() ? " (QUICK smoke run: sizes are tiny, the figures and bars mean nothing)" : ""));
        report.header("date " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version()
                + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        report.header("payload: ~" + events.averagePayloadBytes() + "-byte JSON tool-call record per event");
        if (settings.runs("w1")) {
            w1();
        }
        if (settings.runs("w2")) {
            w2();
        }
        if (settings.runs("w3")) {
            w3();
        }
        if (settings.runs("w4")) {
            w4();
        }
        if (settings.runs("w5")) {
            w5();
        }
        if (!loads.isEmpty()) {
            report.note("load average (1/5/15 min) when each workload started, other work on the machine skews figures: "
                    + String.join("; ", loads));
        }
        return report;
    }

    private BenchDatabase fresh(String workload) {
        progress.printf(Locale.ROOT, "%s: preparing a fresh %s database%n", workload, backend.id());
        loadAverage().ifPresent(load -> loads.add(workload.toUpperCase(Locale.ROOT) + " " + load));
        BenchDatabase database = backend.freshDatabase(workload, settings);
        if (report.figures().get("database") == null) {
            report.figure("database", database.describe());
            report.header("database: " + database.describe());
        }
        return database;
    }

    private static Optional<String> loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Optional.of(parts[0] + " " + parts[1] + " " + parts[2]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void w1() throws Exception {
        ConcurrentAppends.Result r;
        try (BenchDatabase database = fresh("w1")) {
            progress.printf(Locale.ROOT, "w1: %d writers, %d s each side in %d alternating rounds, each after %d ms warm-up%n",
                    settings.w1Writers(), settings.w1Duration().toSeconds(), settings.w1Rounds(), settings.w1Warmup().toMillis());
            r = ConcurrentAppends.run(database, settings, events);
        }
        double ratio = r.ours().eventsPerSecond() / r.baseline().eventsPerSecond();
        report.figure("w1_eps", Report.round(r.ours().eventsPerSecond(), 0));
        report.figure("w1_baseline_eps", Report.round(r.baseline().eventsPerSecond(), 0));
        report.figure("w1_ratio", Report.round(ratio, 3));
        report.figure("w1_p50_ms", Report.round(r.ours().p50Millis(), 3));
        report.figure("w1_p99_ms", Report.round(r.ours().p99Millis(), 3));
        report.figure("w1_baseline_p50_ms", Report.round(r.baseline().p50Millis(), 3));
        report.figure("w1_baseline_p99_ms", Report.round(r.baseline().p99Millis(), 3));
        report.figure("w1_errors", r.ours().errors());
        report.figure("w1_baseline_errors", r.baseline().errors());
        report.figure("w1_writers", settings.w1Writers());
        String what = "W1 " + settings.w1Writers() + " writers x 1 event/append, " + settings.w1Duration().toSeconds() + " s";
        if (backend == Backend.POSTGRES) {
            report.row(what, Report.eps(r.ours().eventsPerSecond()), Report.eps(r.baseline().eventsPerSecond()),
                    Report.ratio(ratio), ">= " + PG_W1_RATIO + "x baseline", ratio >= PG_W1_RATIO);
            report.row("   latency p50 / p99", latency(r.ours()), latency(r.baseline()), "",
                    "p99 <= " + (int) PG_W1_P99_MS + " ms", r.ours().p99Millis() <= PG_W1_P99_MS);
        } else {
            report.row(what, Report.eps(r.ours().eventsPerSecond()), Report.eps(r.baseline().eventsPerSecond()),
                    Report.ratio(ratio), ">= " + String.format(Locale.ROOT, "%,.0f", SQLITE_W1_EPS) + " ev/s",
                    r.ours().eventsPerSecond() >= SQLITE_W1_EPS);
            report.row("   latency p50 / p99", latency(r.ours()), latency(r.baseline()), "", "", null);
        }
        report.note("W1 rounds (alternating, events/s): ours " + r.oursRounds().stream().map(Report::eps).toList()
                + ", baseline " + r.baselineRounds().stream().map(Report::eps).toList());
        if (r.ours().errors() + r.baseline().errors() > 0) {
            report.row("   failed appends (ours / baseline)", Long.toString(r.ours().errors()), Long.toString(r.baseline().errors()),
                    "", "", null);
            report.note("W1 first error: ours " + r.ours().firstError() + "; baseline " + r.baseline().firstError());
        }
    }

    private static String latency(ConcurrentAppends.Figures figures) {
        return String.format(Locale.ROOT, "%.2f / %.2f ms", figures.p50Millis(), figures.p99Millis());
    }

    private void w2() throws Exception {
        BatchAppends.Result r;
        try (BenchDatabase database = fresh("w2")) {
            progress.printf(Locale.ROOT, "w2: %,d events in appends of %d, each side%n", settings.w2Events(), settings.w2BatchSize());
            r = BatchAppends.run(database, settings, events);
        }
        double ratio = r.oursEventsPerSecond() / r.baselineEventsPerSecond();
        report.figure("w2_eps", Report.round(r.oursEventsPerSecond(), 0));
        report.figure("w2_baseline_eps", Report.round(r.baselineEventsPerSecond(), 0));
        report.figure("w2_ratio", Report.round(ratio, 3));
        report.row(String.format(Locale.ROOT, "W2 1 writer x %d events/append, %,d", settings.w2BatchSize(), settings.w2Events()),
                Report.eps(r.oursEventsPerSecond()), Report.eps(r.baselineEventsPerSecond()), Report.ratio(ratio),
                ">= " + W2_RATIO + "x baseline", ratio >= W2_RATIO);
    }

    private void w3() throws Exception {
        StreamRead.Result r;
        try (BenchDatabase database = fresh("w3")) {
            progress.printf(Locale.ROOT, "w3: a %,d-event stream read %d times%n", settings.w3Events(), settings.w3Runs());
            r = StreamRead.run(database, settings, events);
        }
        report.figure("w3_median_ms", Report.round(r.oursMedianMillis(), 3));
        report.figure("w3_baseline_median_ms", Report.round(r.baselineMedianMillis(), 3));
        report.row(String.format(Locale.ROOT, "W3 read %,d-event stream, median of %d", r.events(), settings.w3Runs()),
                Report.ms(r.oursMedianMillis()), Report.ms(r.baselineMedianMillis()),
                Report.ratio(r.oursMedianMillis() / r.baselineMedianMillis()), "<= " + (int) W3_MEDIAN_MS + " ms",
                r.oursMedianMillis() <= W3_MEDIAN_MS);
    }

    private void w4() throws Exception {
        CatchUp.Result r;
        try (BenchDatabase database = fresh("w4")) {
            progress.printf(Locale.ROOT, "w4: loading %,d events (not timed), then %d alternating full reads each side%n",
                    settings.w4Events(), settings.w4Runs());
            r = CatchUp.run(database, settings, events);
        }
        double ratio = r.oursEventsPerSecond() / r.baselineEventsPerSecond();
        report.figure("w4_eps", Report.round(r.oursEventsPerSecond(), 0));
        report.figure("w4_baseline_eps", Report.round(r.baselineEventsPerSecond(), 0));
        report.figure("w4_ratio", Report.round(ratio, 3));
        report.figure("w4_events", settings.w4Events());
        report.figure("w4_page_size", settings.w4PageSize());
        report.figure("w4_load_s", Report.round(r.loadSeconds(), 1));
        report.row(String.format(Locale.ROOT, "W4 catch-up %,d events, pages of %,d", settings.w4Events(), settings.w4PageSize()),
                Report.eps(r.oursEventsPerSecond()), Report.eps(r.baselineEventsPerSecond()), Report.ratio(ratio),
                ">= " + W4_RATIO + "x baseline", ratio >= W4_RATIO);
        report.note(String.format(Locale.ROOT, "W4 runs (best counts): ours %s, baseline %s; loading took %.1f s",
                r.oursRuns().stream().map(Report::eps).toList(), r.baselineRuns().stream().map(Report::eps).toList(), r.loadSeconds()));
    }

    private void w5() throws Exception {
        Conflict.Result r;
        try (BenchDatabase database = fresh("w5")) {
            progress.printf(Locale.ROOT, "w5: %d races%n", settings.w5Rounds());
            r = Conflict.run(database, settings, events);
        }
        report.figure("w5_ok", r.ok());
        report.figure("w5_rounds", r.rounds());
        report.row("W5 2 writers race for one version x" + r.rounds(), r.correctRounds() + "/" + r.rounds() + " correct", "",
                "", "exactly one wins", r.ok());
        if (!r.ok()) {
            report.note("W5 first problem: " + r.firstProblem());
        }
    }
}
