package io.syntropic137.bench.engine;

import io.syntropic137.agents.command.CommandRuntime;
import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.domain.orchestration.ExecutionCommand;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.PhaseSettings;
import io.syntropic137.domain.orchestration.PlannedPhase;
import io.syntropic137.domain.orchestration.TemplateCommand.CreateWorkflowTemplate;
import io.syntropic137.domain.orchestration.TemplateType;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.WorkflowSettings;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.EngineConfig;
import io.syntropic137.engine.EngineListener;
import io.syntropic137.engine.EngineRejection;
import io.syntropic137.engine.ExecutionEngine;
import io.syntropic137.engine.RunRequest;
import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.scripted.ScriptedRuntime;
import io.syntropic137.engine.scripted.ScriptedRuntime.Step;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import io.syntropic137.workspaces.FileSystemContentStore;
import io.syntropic137.workspaces.LocalWorkspaceProvider;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * {@code syn-bench engine}: (1) N executions of a three-phase workflow at once with an instant in-process agent on
 * the embedded backend: executions/s, engine overhead per phase (everything but the agent), peak heap; next to the
 * baseline of the same phase's lifecycle commands sent straight to the command handler with no engine, no workspace
 * and no agent. (2) M executions whose phases each run a real process ({@code true}) with the command runtime.
 */
public final class EngineBenchmark {
    /** The engine's defaults: how many executions run at once, and how many of those do engine work at once. */
    static final int LIMIT = EngineConfig.DEFAULTS.maxConcurrentExecutions();
    static final int WORKERS = workers();

    /** The server's own setting, so an operator can measure the value they run with. */
    private static int workers() {
        String text = System.getenv("SYN_ENGINE_WORKERS");
        if (text == null || text.isBlank()) {
            return EngineConfig.DEFAULTS.engineWorkers();
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("SYN_ENGINE_WORKERS=" + text + " must be a whole number >= 1");
    }

    private final int executions;
    private final int warmUpExecutions;
    private final int commandExecutions;
    private final PrintStream log;

    public EngineBenchmark(boolean quick, PrintStream log) {
        this.executions = quick ? 50 : 1000;
        this.warmUpExecutions = quick ? 10 : 1000;
        this.commandExecutions = quick ? 20 : 200;
        this.log = log;
    }

    public void run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("syn-bench-engine");
        try {
            // the JIT compiles the engine's paths on first use; that one-off cost is not what a phase costs a running
            // server, so a discarded run on its own store comes first
            runInstant(dir.resolve("warm-up"), warmUpExecutions, LIMIT, WORKERS);
            settle();
            // the engine's defaults: all runs accepted at once, at most 32 running, the rest visibly queued; of the
            // running ones, at most two per core doing engine work, the rest waiting between phases for a turn
            Part instant = runInstant(dir.resolve("instant"), executions, LIMIT, WORKERS);
            settle();
            // every run at once: the same work with no queue in front of the engine
            Part unbounded = runInstant(dir.resolve("unbounded"), executions, executions, WORKERS);
            settle();
            // as before engine work was bounded apart: every running execution may do engine work at once
            Part allWorking = runInstant(dir.resolve("all-working"), executions, LIMIT, LIMIT);
            double baselinePhaseMs = baselinePerPhaseMs(dir.resolve("baseline"));
            Part command = runCommand(dir.resolve("command"));
            out.printf(Locale.ROOT, "%-48s %12s%n", "engine (embedded SQLite, 3 phases per execution)", "");
            out.printf(Locale.ROOT, "%-48s %12d (errors %d, at most %d running, %d doing engine work)%n",
                    "instant-agent executions at once", executions, instant.errors, LIMIT, WORKERS);
            out.printf(Locale.ROOT, "%-48s %12.1f%n", "executions/s", instant.executionsPerSecond());
            out.printf(Locale.ROOT, "%-48s %12.2f / %.2f ms (bar p99 <= 20)%n", "engine overhead per phase p50 / p99",
                    instant.overheadP50Ms, instant.overheadP99Ms);
            out.printf(Locale.ROOT, "%-48s %12.2f / %.2f ms%n", "wait for a work permit before a phase p50 / p99",
                    instant.waitBeforeP50Ms, instant.waitBeforeP99Ms);
            out.printf(Locale.ROOT, "%-48s %12.2f ms%n", "baseline: a phase's commands, no engine (mean)", baselinePhaseMs);
            out.printf(Locale.ROOT, "%-48s %12.1f exec/s, overhead p50 / p99 %.2f / %.2f ms (errors %d)%n",
                    "all " + executions + " running at once (no limit)", unbounded.executionsPerSecond(),
                    unbounded.overheadP50Ms, unbounded.overheadP99Ms, unbounded.errors);
            out.printf(Locale.ROOT, "%-48s %12.1f exec/s, overhead p50 / p99 %.2f / %.2f ms, CPU per phase %.2f ms (errors %d)%n",
                    "all " + LIMIT + " running may do engine work", allWorking.executionsPerSecond(), allWorking.overheadP50Ms,
                    allWorking.overheadP99Ms, allWorking.cpuMsPerPhase, allWorking.errors);
            out.printf(Locale.ROOT, "%-48s %12.0f MB%n", "peak heap", instant.peakHeapMb);
            out.printf(Locale.ROOT, "%-48s %12.2f ms (load average now %.2f)%n", "process CPU per phase (instant agent)",
                    instant.cpuMsPerPhase, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            out.printf(Locale.ROOT, "%-48s %12d (errors %d)%n", "command-runtime executions (`true` per phase)",
                    commandExecutions, command.errors);
            out.printf(Locale.ROOT, "%-48s %12.1f%n", "command-runtime phases/s", command.phasesPerSecond());
            out.printf(Locale.ROOT, "{\"jvm_aot\":\"%s\",\"executions\":%d,\"errors\":%d,\"executions_per_s\":%.1f,\"overhead_p50_ms\":%.3f,"
                            + "\"overhead_p99_ms\":%.3f,\"overhead_p99_ok\":%b,\"peak_heap_mb\":%.0f,\"baseline_phase_commands_ms\":%.3f,"
                            + "\"command_runtime_executions\":%d,\"command_runtime_errors\":%d,\"command_runtime_phases_per_s\":%.1f,"
                            + "\"concurrency_limit\":%d,\"unbounded_executions_per_s\":%.1f,\"unbounded_overhead_p50_ms\":%.3f,"
                            + "\"unbounded_overhead_p99_ms\":%.3f,\"unbounded_errors\":%d,\"cpu_ms_per_phase\":%.2f,"
                            + "\"engine_workers\":%d,\"wait_before_phase_p50_ms\":%.3f,\"wait_before_phase_p99_ms\":%.3f,"
                            + "\"all_working_executions_per_s\":%.1f,\"all_working_overhead_p50_ms\":%.3f,"
                            + "\"all_working_overhead_p99_ms\":%.3f,\"all_working_errors\":%d,"
                            + "\"all_working_cpu_ms_per_phase\":%.2f}%n",
                    System.getProperty("syn.jvm.aot", "off"), // how the launcher started the JVM (syn: jvm_cache_flags)
                    executions, instant.errors, instant.executionsPerSecond(), instant.overheadP50Ms, instant.overheadP99Ms,
                    instant.overheadP99Ms <= 20.0, Math.max(Math.max(instant.peakHeapMb, unbounded.peakHeapMb), allWorking.peakHeapMb), baselinePhaseMs,
                    commandExecutions, command.errors,
                    command.phasesPerSecond(), LIMIT, unbounded.executionsPerSecond(),
                    unbounded.overheadP50Ms, unbounded.overheadP99Ms, unbounded.errors, instant.cpuMsPerPhase,
                    WORKERS, instant.waitBeforeP50Ms, instant.waitBeforeP99Ms, allWorking.executionsPerSecond(),
                    allWorking.overheadP50Ms, allWorking.overheadP99Ms, allWorking.errors, allWorking.cpuMsPerPhase);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Lets what the part before left behind finish before the next is timed: the JIT compiling what it just ran hot,
     * and the collector reclaiming the part's heap. Without it the first timed part, right after the warm-up, came
     * out about a third slower than the same configuration timed later in the run.
     */
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(3_000);
    }

    record Part(int executions, int errors, long wallNanos, double overheadP50Ms, double overheadP99Ms, double peakHeapMb,
                double cpuMsPerPhase, double waitBeforeP50Ms, double waitBeforeP99Ms) {
        double executionsPerSecond() {
            return executions / (wallNanos / 1e9);
        }

        double phasesPerSecond() {
            return executions * 3 / (wallNanos / 1e9);
        }
    }

    private Part runInstant(Path dir, int count, int limit, int workers) throws Exception {
        // each phase's output is new content, as a real agent's is: identical outputs would be stored once and
        // skip the content store's fsyncs, which no real run does
        AgentRuntime instant = new ScriptedRuntime("instant", task -> List.of(
                new Step.Llm("sonnet", new TokenUsage(1200, 300, 0, 0), new BigDecimal("0.0081")),
                new Step.Write("artifacts/output/" + task.phaseId() + ".md", "# " + task.phaseId() + "\n\nwritten in session "
                        + task.sessionId() + "\n")));
        return runMany(dir, count, limit, workers, Map.of("instant", instant), "instant", List.of(),
                "instant agent, limit " + limit + ", " + workers + " engine workers");
    }

    private Part runCommand(Path dir) throws Exception {
        return runMany(dir, commandExecutions, commandExecutions, WORKERS, Map.of(CommandRuntime.NAME, new CommandRuntime(List.of("true"))),
                CommandRuntime.NAME, List.of("true"), "command runtime");
    }

    private Part runMany(Path dir, int count, int limit, int workers, Map<String, AgentRuntime> runtimes, String runtime,
                         List<String> command, String label) throws Exception {
        Files.createDirectories(dir);
        boolean fullSync = !"normal".equals(System.getenv("SYN_BENCH_SQLITE_SYNC"));
        try (EventStore store = SqliteEventStore.open(SqliteEventStoreConfig.of(dir.resolve("events.db")).withFullSync(fullSync))) {
            CommandHandler commands = CommandHandler.withDefaults(store);
            var settings = new PhaseSettings(null, null, null, null, List.of(), List.of(), runtime, command);
            List<PhaseDefinition> phases = IntStream.rangeClosed(1, 3).mapToObj(i -> new PhaseDefinition("p" + i,
                    "Phase " + i, i, "step " + i + " of $ARGUMENTS", "sonnet", 600, List.of(), settings)).toList();
            commands.handle(WorkflowTemplate.TYPE, new CreateWorkflowTemplate("bench", "bench", TemplateType.CUSTOM, null,
                    null, null, List.<InputDeclaration>of(), phases, WorkflowSettings.DEFAULTS, Instant.now()),
                    CommandContext.by("bench"));
            EngineConfig config = EngineConfig.DEFAULTS.withDefaultRuntime(runtime).withMaxConcurrentExecutions(limit)
                    .withEngineWorkers(workers);
            ExecutionEngine engine = new ExecutionEngine(commands, store, runtimes,
                    new LocalWorkspaceProvider(dir.resolve("workspaces")), new FileSystemContentStore(dir.resolve("content")),
                    config, Clock.systemUTC(),
                    EngineListener.NONE);
            HeapSampler heap = new HeapSampler();
            try (engine; heap) {
                engine.start();
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                long[] gcStart = collections();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    var accepted = engine.run(new RunRequest("bench", "the benchmark", Map.of(), List.of(), null), "bench");
                    if (accepted instanceof Result.Err<ExecutionEngine.Accepted, EngineRejection> err) {
                        throw new IllegalStateException("run refused: " + err.error().reason());
                    }
                    ids.add(((Result.Ok<ExecutionEngine.Accepted, EngineRejection>) accepted).value().executionId());
                }
                int errors = awaitAll(engine, commands, ids, label);
                long wall = System.nanoTime() - start;
                long[] gcEnd = collections();
                log.printf(Locale.ROOT, "%s: %d collections in %.1f s, %d ms of them (the collector's own count and time)%n",
                        label, gcEnd[0] - gcStart[0], wall / 1e9, gcEnd[1] - gcStart[1]);
                if (store instanceof SqliteEventStore sqlite) {
                    var stats = sqlite.writerStats();
                    log.printf(Locale.ROOT, "%s: %d appends in %d batches (%.1f per batch), %.2f ms per batch write (max %.1f ms, %d over 5 ms), %.0f appends/s%n",
                            label, stats.requests(), stats.batches(), stats.requests() / (double) Math.max(1, stats.batches()),
                            stats.writeNanos() / 1e6 / Math.max(1, stats.batches()), stats.maxWriteNanos() / 1e6, stats.slowBatches(),
                            stats.requests() / (wall / 1e9));
                }
                List<Long> overhead = engine.timings().engineNanos().stream().sorted().toList();
                describeSlowest(label, engine.timings().engineAndWaitAfterNanos());
                List<Long> waitBefore = engine.timings().waitBeforeNanos().stream().sorted().toList();
                double cpuPerPhase = (processCpuNanos() - cpuStart) / 1e6 / (count * 3.0);
                return new Part(count, errors, wall, percentileMs(overhead, 0.50), percentileMs(overhead, 0.99), heap.peakMb(),
                        cpuPerPhase, percentileMs(waitBefore, 0.50), percentileMs(waitBefore, 0.99));
            }
        }
    }

    /** {collections, milliseconds} summed over the JVM's collectors so far. */
    private static long[] collections() {
        long count = 0;
        long millis = 0;
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new long[]{count, millis};
    }

    /** What the slowest hundredth of the phases spent their overhead on, for reading the p99. */
    private void describeSlowest(String label, List<long[]> engineAndWait) {
        List<long[]> slowest = engineAndWait.stream().sorted((a, b) -> Long.compare(b[0], a[0]))
                .limit(Math.max(1, engineAndWait.size() / 100)).toList();
        double overhead = slowest.stream().mapToLong(s -> s[0]).average().orElse(0) / 1e6;
        double waited = slowest.stream().mapToLong(s -> s[1]).average().orElse(0) / 1e6;
        log.printf(Locale.ROOT, "%s: slowest 1%% of phases: overhead mean %.1f ms, of which %.1f ms waiting for a permit after the agent%n",
                label, overhead, waited);
    }

    /**
     * Waits on the engine's counters, then checks each execution's end once. Polling each execution's state instead
     * (a full load every 20 ms) cost the process as much CPU as a fifth of the engine's work and was counted in it.
     */
    private int awaitAll(ExecutionEngine engine, CommandHandler commands, List<String> ids, String label)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (engine.runningCount() + engine.queuedCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int errors = 0;
        for (String id : ids) {
            while (true) {
                // the counters can read zero between the dispatcher's take and its start: an id may still be running
                WorkflowExecution state = commands.current(WorkflowExecution.TYPE, id);
                if (state.status() == ExecutionStatus.COMPLETED) {
                    break;
                }
                if (state.status() == ExecutionStatus.FAILED || state.status() == ExecutionStatus.CANCELLED
                        || state.status() == ExecutionStatus.INTERRUPTED || System.nanoTime() > deadline) {
                    errors++;
                    log.println(label + ": execution " + id + " ended " + state.status() + ": " + state.error());
                    break;
                }
                Thread.sleep(20);
            }
        }
        return errors;
    }

    /** The lifecycle commands of one phase, sent straight to the command handler: the floor under the engine. */
    private double baselinePerPhaseMs(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (EventStore store = SqliteEventStore.open(SqliteEventStoreConfig.of(dir.resolve("events.db")))) {
            CommandHandler commands = CommandHandler.withDefaults(store);
            CommandContext ctx = CommandContext.by("bench");
            List<PlannedPhase> plan = IntStream.rangeClosed(1, 3).mapToObj(i -> new PlannedPhase("p" + i, "P" + i, i)).toList();
            int runs = Math.min(executions, 200);
            long start = System.nanoTime();
            for (int e = 0; e < runs; e++) {
                String id = "base-" + e;
                commands.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartExecution(id, "bench", plan, "t", Map.of(),
                        List.of(), Instant.now()), ctx);
                for (PlannedPhase p : plan) {
                    commands.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, p.phaseId(), Instant.now()), ctx);
                    commands.handle(WorkflowExecution.TYPE, new ExecutionCommand.RecordWorkspaceProvisioned(id, p.phaseId(),
                            "ws-" + id + p.phaseId(), Instant.now()), ctx);
                    commands.handle(WorkflowExecution.TYPE, new ExecutionCommand.RecordAgentCompleted(id, p.phaseId(),
                            "s-" + id + p.phaseId(), true, null, TokenUsage.NONE, BigDecimal.ZERO, Instant.now()), ctx);
                    commands.handle(WorkflowExecution.TYPE, new ExecutionCommand.RecordArtifactsCollected(id, p.phaseId(),
                            List.of("a-" + id + p.phaseId()), Instant.now()), ctx);
                    commands.handle(WorkflowExecution.TYPE, new ExecutionCommand.CompletePhase(id, p.phaseId(), Instant.now()), ctx);
                }
            }
            return (System.nanoTime() - start) / 1e6 / (runs * 3.0);
        }
    }

    /** CPU time of this whole process: what a phase costs the machine, whatever else competes for the cores. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double percentileMs(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    /** Samples used heap every 20 ms: the peak a run reaches (after collections it would be lower). */
    private static final class HeapSampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler() {
            var memory = ManagementFactory.getMemoryMXBean();
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        double peakMb() {
            return peak.get() / (1024.0 * 1024.0);
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
