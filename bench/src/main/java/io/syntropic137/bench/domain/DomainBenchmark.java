package io.syntropic137.bench.domain;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.application.RetryPolicy;
import io.syntropic137.application.SnapshotPolicy;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.orchestration.ExecutionCommand;
import io.syntropic137.domain.orchestration.PlannedPhase;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Command;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code syn-bench domain}: command handling on the embedded backend. 64 concurrent executions each receive a sequence
 * of StartPhase/CompletePhase commands through the real command handler (load, decide, append with the exact
 * version, snapshots). Baseline, same run, same store kind: appending equivalent events straight to the store
 * with the exact expected version (no load, no decision) — what the store alone can take from the same writers.
 * Then the time to load an execution of 10 and of 10,000 events, with snapshots and (for contrast) without.
 */
public final class DomainBenchmark {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int PHASES = 10;

    private final int executions;
    private final Duration duration;
    private final PrintStream progress;
    private final int largeStream;

    public DomainBenchmark(boolean quick, PrintStream progress) {
        this.executions = 64;
        this.duration = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        this.progress = progress;
        this.largeStream = quick ? 500 : 10_000; // quick: a smoke run, its figures mean nothing
    }

    public void run(PrintStream out) throws Exception {
        Path directory = Files.createTempDirectory("syn-bench-domain");
        try {
            double commandsPerSecond = measureCommands(directory.resolve("commands.db"));
            double baselinePerSecond = measureRawAppends(directory.resolve("raw.db"));
            double[] loads = measureLoads(directory.resolve("loads.db"));
            out.printf(Locale.ROOT, "%-44s %14s %14s%n", "workload", "ours", "baseline");
            out.printf(Locale.ROOT, "%-44s %14.0f %14.0f%n", "commands/s (64 executions, StartPhase/CompletePhase)",
                    commandsPerSecond, baselinePerSecond);
            out.printf(Locale.ROOT, "%-44s %14.3f %14.3f%n", "session load ms, 10 events (snapshots | none)", loads[0], loads[2]);
            out.printf(Locale.ROOT, "%-44s %14.3f %14.3f%n", "session load ms, 10,000 events (snapshots | none)", loads[1], loads[3]);
            out.printf(Locale.ROOT, "%-44s %14.3f %14.3f%n", "execution load ms, 10 events (snapshots | none)", loads[4], loads[6]);
            out.printf(Locale.ROOT, "%-44s %14.3f %14.3f%n", "execution load ms, 10,000 events (snapshots | none)", loads[5], loads[7]);
            out.printf(Locale.ROOT, "{\"backend\":\"sqlite\",\"commands_per_s\":%.0f,\"raw_appends_per_s\":%.0f,"
                            + "\"commands_ratio\":%.3f,\"load_ms_10\":%.3f,\"load_ms_10000\":%.3f,"
                            + "\"load_ms_10_no_snapshots\":%.3f,\"load_ms_10000_no_snapshots\":%.3f,"
                            + "\"execution_load_ms_10\":%.3f,\"execution_load_ms_10000\":%.3f,"
                            + "\"execution_load_ms_10_no_snapshots\":%.3f,\"execution_load_ms_10000_no_snapshots\":%.3f,\"commands_ok\":%s}%n",
                    commandsPerSecond, baselinePerSecond, commandsPerSecond / baselinePerSecond, loads[0], loads[1],
                    loads[2], loads[3], loads[4], loads[5], loads[6], loads[7], commandsPerSecond >= 5_000);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static EventStore open(Path file) {
        return SqliteEventStore.open(SqliteEventStoreConfig.of(file));
    }

    private static ExecutionCommand.StartExecution start(String id, List<PlannedPhase> phases) {
        return new ExecutionCommand.StartExecution(id, "bench-workflow", phases, "benchmark", Map.of(), List.of(), T0);
    }

    private static void require(CommandOutcome<?> outcome) {
        if (!(outcome instanceof CommandOutcome.Accepted<?>)) {
            throw new IllegalStateException("a benchmark command was not accepted: " + outcome);
        }
    }

    /**
     * Each of the 64 writers drives one execution at a time: StartExecution with {@link #PHASES} phases, then
     * StartPhase/CompletePhase for each, then the next execution — a realistic shape (executions have a handful
     * of phases), so the aggregate's state stays the size it has in production.
     */
    private double measureCommands(Path file) throws InterruptedException {
        try (EventStore store = open(file)) {
            CommandHandler handler = CommandHandler.withDefaults(store);
            List<PlannedPhase> phases = IntStream.rangeClosed(1, PHASES).mapToObj(i -> new PlannedPhase("p" + i, "Phase " + i, i)).toList();
            progress.println("domain: timing commands for " + duration.toSeconds() + " s ...");
            long stepsPerExecution = 1 + 2L * PHASES;
            return timed(e -> i -> {
                long run = i / stepsPerExecution;
                long step = i % stepsPerExecution;
                String id = "bench-" + e + "-" + run;
                if (step == 0) {
                    require(handler.handle(WorkflowExecution.TYPE, start(id, phases), CommandContext.by("bench")));
                    return;
                }
                String phase = "p" + ((step - 1) / 2 + 1);
                ExecutionCommand command = step % 2 == 1 ? new ExecutionCommand.StartPhase(id, phase, T0)
                        : new ExecutionCommand.CompletePhase(id, phase, T0);
                require(handler.handle(WorkflowExecution.TYPE, command, CommandContext.by("bench")));
            });
        }
    }

    /** The store alone: the same number of writers appending one event each with the exact expected version. */
    private double measureRawAppends(Path file) throws InterruptedException {
        try (EventStore store = open(file)) {
            String data = "{\"executionId\":\"bench-0\",\"phaseId\":\"p1\",\"attempt\":1,\"at\":\"2026-01-01T00:00:00Z\"}";
            progress.println("domain: timing raw appends for " + duration.toSeconds() + " s ...");
            return timed(e -> {
                String stream = "execution-raw-" + e;
                return i -> store.append(stream, ExpectedVersion.exactly(i), List.of(NewEvent.of("PhaseStarted", data))).orThrow();
            });
        }
    }

    private interface Step {
        void run(long i) throws Exception;
    }

    private interface Writer {
        Step forExecution(int e);
    }

    private double timed(Writer writer) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long maxSteps = Long.MAX_VALUE;
        long[] counts = new long[executions];
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        long started = System.nanoTime();
        for (int e = 0; e < executions; e++) {
            int execution = e;
            Step step = writer.forExecution(e);
            threads.add(Thread.ofVirtual().start(() -> {
                for (long i = 0; i < maxSteps && System.nanoTime() < deadline; i++) {
                    try {
                        step.run(i);
                    } catch (Exception ex) {
                        failure[0] = new IllegalStateException("writer " + execution + " failed", ex);
                        return;
                    }
                    counts[execution]++;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failure[0] != null) {
            throw failure[0];
        }
        done.set(Arrays.stream(counts).sum());
        return done.get() / seconds;
    }

    /**
     * Medians of 20 loads, in ms: agent sessions (state of constant size: shows what snapshots do as a stream
     * grows) [10, 10,000, 10 without snapshot, 10,000 without], then the same for executions, whose state holds
     * every phase result (a 10,000-event execution is 5,000 phases).
     */
    private double[] measureLoads(Path file) throws Exception {
        try (EventStore store = open(file)) {
            CommandHandler handler = CommandHandler.withDefaults(store);
            CommandHandler noSnapshots = new CommandHandler(store, EventCodec.standard(), SnapshotPolicy.NEVER, RetryPolicy.DEFAULT);
            progress.println("domain: building executions of 10 and " + largeStream + " events ...");
            String small = build(handler, "load-10", 10);
            String large = build(handler, "load-10000", largeStream);
            // the same events copied to streams that have no snapshot, so loading them replays every event
            String smallReplayed = copyWithoutSnapshot(store, WorkflowExecution.TYPE, small, "replay-10");
            String largeReplayed = copyWithoutSnapshot(store, WorkflowExecution.TYPE, large, "replay-10000");
            String sessionSmall = buildSession(handler, "session-10", 10);
            String sessionLarge = buildSession(handler, "session-10000", largeStream);
            String sessionSmallReplayed = copyWithoutSnapshot(store, AgentSession.TYPE, sessionSmall, "session-replay-10");
            String sessionLargeReplayed = copyWithoutSnapshot(store, AgentSession.TYPE, sessionLarge, "session-replay-10000");
            return new double[]{medianLoadMillis(handler, AgentSession.TYPE, sessionSmall),
                    medianLoadMillis(handler, AgentSession.TYPE, sessionLarge),
                    medianLoadMillis(noSnapshots, AgentSession.TYPE, sessionSmallReplayed),
                    medianLoadMillis(noSnapshots, AgentSession.TYPE, sessionLargeReplayed),
                    medianLoadMillis(handler, WorkflowExecution.TYPE, small), medianLoadMillis(handler, WorkflowExecution.TYPE, large),
                    medianLoadMillis(noSnapshots, WorkflowExecution.TYPE, smallReplayed),
                    medianLoadMillis(noSnapshots, WorkflowExecution.TYPE, largeReplayed)};
        }
    }

    /** An execution whose stream holds exactly {@code events} events (start + start/complete pairs + start). */
    private static String build(CommandHandler handler, String id, int events) {
        int pairs = (events - 1) / 2;
        List<PlannedPhase> phases = IntStream.rangeClosed(1, pairs + 1).mapToObj(i -> new PlannedPhase("p" + i, "P" + i, i)).toList();
        require(handler.handle(WorkflowExecution.TYPE, start(id, phases), CommandContext.by("bench")));
        for (int i = 1; i <= pairs; i++) {
            require(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, "p" + i, T0), CommandContext.by("bench")));
            require(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.CompletePhase(id, "p" + i, T0), CommandContext.by("bench")));
        }
        if ((events - 1) % 2 == 1) {
            require(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, "p" + (pairs + 1), T0), CommandContext.by("bench")));
        }
        return id;
    }

    private static String copyWithoutSnapshot(EventStore store, AggregateType<?, ?, ?> type, String fromId, String toId) {
        String from = io.syntropic137.application.StreamIds.of(type, fromId);
        String to = io.syntropic137.application.StreamIds.of(type, toId);
        long version = 1;
        while (true) {
            var page = store.readStreamForward(from, version, 1_000);
            if (page.isEmpty()) {
                return toId;
            }
            List<NewEvent> copies = page.stream()
                    .map(e -> new NewEvent(java.util.UUID.randomUUID(), e.type(), e.schemaVersion(), e.data(), null)).toList();
            store.append(to, ExpectedVersion.exactly(version - 1), copies).orThrow();
            version += page.size();
        }
    }

    /** An agent session of {@code events} events: started, then one operation per event; its state stays small. */
    private static String buildSession(CommandHandler handler, String id, int events) {
        require(handler.handle(AgentSession.TYPE, new SessionCommand.StartSession(id, "bench-execution", "p1", "claude-code",
                "claude-sonnet-5-5", T0), CommandContext.by("bench")));
        for (int i = 1; i < events; i++) {
            require(handler.handle(AgentSession.TYPE, new SessionCommand.RecordOperation(id, "tool:Bash",
                    new TokenUsage(100, 20, 0, 900), new java.math.BigDecimal("0.0012"), T0), CommandContext.by("bench")));
        }
        return id;
    }

    private static <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> double medianLoadMillis(
            CommandHandler handler, AggregateType<S, C, E> type, String id) {
        for (int i = 0; i < 5; i++) {
            handler.load(type, id);
        }
        double[] millis = new double[20];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            var loaded = handler.load(type, id);
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (loaded.version() == 0) {
                throw new IllegalStateException("execution " + id + " did not load");
            }
        }
        Arrays.sort(millis);
        return (millis[9] + millis[10]) / 2;
    }
}
