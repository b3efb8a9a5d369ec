package io.syntropic137.engine;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.domain.orchestration.WorkspaceCommand;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.orchestration.BudgetAction;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.PhaseKind;
import io.syntropic137.domain.orchestration.PhaseRetryPolicy;
import io.syntropic137.domain.orchestration.PhaseSettings;
import io.syntropic137.domain.orchestration.TemplateCommand.CreateWorkflowTemplate;
import io.syntropic137.domain.orchestration.TemplateType;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.WorkflowSettings;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.scripted.ScriptedRuntime;
import io.syntropic137.engine.scripted.ScriptedRuntime.Step;
import io.syntropic137.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's behaviour with the in-process scripted agent, on each event store backend: phases and artifacts,
 * yield-point pauses, cancel, timeout, retries, budgets, approval gates, queueing, parallel groups, restart.
 */
abstract class EngineContract {
    @TempDir
    Path dir;

    protected EventStore store;
    private CommandHandler commands;
    private ExecutionEngine engine;
    private TempDirWorkspaces workspaces;
    private final MemoryContentStore content = new MemoryContentStore();
    private final Map<String, Function<io.syntropic137.engine.port.AgentTask, List<Step>>> scripts = new ConcurrentHashMap<>();
    private final List<String> toolEvents = new CopyOnWriteArrayList<>();

    protected abstract EventStore openStore(Path dir);

    protected abstract void closeStore();

    @BeforeEach
    void open() throws Exception {
        store = openStore(dir);
        commands = CommandHandler.withDefaults(store);
        workspaces = new TempDirWorkspaces(dir.resolve("ws"));
        engine = newEngine(EngineConfig.DEFAULTS.withDefaultRuntime("scripted"));
        engine.start();
    }

    /** Replaces the test's engine by one with other settings, started. */
    private void restartWith(EngineConfig config) throws java.io.IOException {
        engine.close();
        engine = newEngine(config);
        engine.start();
    }

    private ExecutionEngine newEngine(EngineConfig config) {
        var runtime = new ScriptedRuntime("scripted", task -> scripts.getOrDefault(task.phaseId(),
                t -> List.of(new Step.Write("artifacts/output/" + t.phaseId() + ".md", "# " + t.prompt()))).apply(task));
        return new ExecutionEngine(commands, store, Map.of("scripted", runtime), workspaces, content,
                config, Clock.systemUTC(),
                new EngineListener() {
                    @Override
                    public void toolStarted(String e, String p, String s, String id, String tool, String in) {
                        toolEvents.add(p + ":" + tool + ":started@" + System.nanoTime());
                    }

                    @Override
                    public void toolFinished(String e, String p, String s, String id, String tool, boolean ok, String d) {
                    }

                    @Override
                    public void usage(String e, String p, String s, String m, TokenUsage t, BigDecimal c) {
                    }
                });
    }

    @AfterEach
    void close() {
        engine.close();
        closeStore();
    }

    // ---- helpers ----

    private static PhaseDefinition phase(String id, int order) {
        return new PhaseDefinition(id, id, order, "do " + id + " for $ARGUMENTS", "sonnet", 30, List.of());
    }

    private static PhaseDefinition phase(String id, int order, PhaseSettings settings, int timeoutSeconds) {
        return new PhaseDefinition(id, id, order, "do " + id, "sonnet", timeoutSeconds, List.of(), settings);
    }

    private static PhaseSettings settings(PhaseKind kind, BigDecimal maxCost, PhaseRetryPolicy retries) {
        return new PhaseSettings(kind, null, maxCost, retries, List.of(), List.of(), null);
    }

    private void template(String id, WorkflowSettings settings, PhaseDefinition... phases) {
        var outcome = commands.handle(WorkflowTemplate.TYPE, new CreateWorkflowTemplate(id, id, TemplateType.CUSTOM, null,
                null, null, List.of(new InputDeclaration("topic", "what about", false, "engines")), List.of(phases),
                settings, Instant.now()), CommandContext.by("test"));
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
    }

    private String run(String templateId) {
        var result = engine.run(new RunRequest(templateId, "the task", Map.of(), List.of(), null), "test");
        assertThat(result).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<ExecutionEngine.Accepted, EngineRejection>) result).value().executionId();
    }

    private WorkflowExecution state(String executionId) {
        return commands.load(WorkflowExecution.TYPE, executionId).state();
    }

    private WorkflowExecution await(String executionId, Predicate<WorkflowExecution> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        WorkflowExecution s = state(executionId);
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("execution " + executionId + " never reached: " + what + "; it is " + s.status()
                        + " with completed " + s.completedPhases().stream().map(p -> p.phaseId()).toList()
                        + " running " + s.runningPhases().stream().map(p -> p.phaseId()).toList() + " error " + s.error());
            }
            Thread.sleep(20);
            s = state(executionId);
        }
        return s;
    }

    private WorkflowExecution awaitStatus(String executionId, ExecutionStatus status) throws InterruptedException {
        return await(executionId, s -> s.status() == status, status.name());
    }

    private static BigDecimal usd(String v) {
        return new BigDecimal(v);
    }

    // ---- tests ----

    @Test
    void aThreePhaseRunPassesEachPhasesArtifactToTheNext() throws Exception {
        scripts.put("plan", t -> List.of(new Step.CopyInput("research/research.md", "artifacts/output/plan.md")));
        scripts.put("build", t -> List.of(new Step.CopyInput("plan/plan.md", "artifacts/output/build.md")));
        template("three", WorkflowSettings.DEFAULTS, phase("research", 1), phase("plan", 2), phase("build", 3));
        String id = run("three");
        WorkflowExecution done = awaitStatus(id, ExecutionStatus.COMPLETED);
        assertThat(done.completedPhases()).extracting(p -> p.phaseId()).containsExactly("research", "plan", "build");
        assertThat(done.artifactIds()).hasSize(3);
        // the last phase's artifact is the first phase's text, carried through two phases
        var last = commands.load(io.syntropic137.domain.artifacts.Artifact.TYPE, done.artifactIds().get(2)).state();
        String text = new String(content.open(last.sha256()).readAllBytes());
        assertThat(text).isEqualTo("# do research for the task");
        assertThat(workspaces.created.get()).isEqualTo(3);
        assertThat(workspaces.destroyed.get()).isEqualTo(3);
    }

    @Test
    void aPauseTakesEffectBeforeTheNextPhaseAndResumeContinues() throws Exception {
        scripts.put("one", t -> List.of(new Step.Sleep(Duration.ofMillis(400)), new Step.Write("artifacts/output/a.md", "a")));
        template("pausing", WorkflowSettings.DEFAULTS, phase("one", 1), phase("two", 2));
        String id = run("pausing");
        await(id, s -> !s.runningPhases().isEmpty(), "phase one running");
        assertThat(engine.pause(id, "look first", "ana")).isInstanceOf(Result.Ok.class);
        WorkflowExecution paused = awaitStatus(id, ExecutionStatus.PAUSED);
        Thread.sleep(300);
        paused = state(id);
        assertThat(paused.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(paused.completedPhases()).extracting(p -> p.phaseId()).containsExactly("one");
        assertThat(paused.runningPhases()).as("no phase starts while paused").isEmpty();
        assertThat(engine.resume(id, "ana")).isInstanceOf(Result.Ok.class);
        awaitStatus(id, ExecutionStatus.COMPLETED);
    }

    @Test
    void aPauseMidPhaseStopsAfterTheCurrentToolCallAndNoToolStartsUntilResume() throws Exception {
        scripts.put("tools", t -> List.of(new Step.Tool("Bash", Duration.ofMillis(300)), new Step.Tool("Edit", Duration.ZERO),
                new Step.Tool("Bash", Duration.ZERO)));
        template("tools", WorkflowSettings.DEFAULTS, phase("tools", 1));
        String id = run("tools");
        await(id, s -> !toolEvents.isEmpty(), "first tool started");
        engine.pause(id, null, "ana");
        WorkflowExecution paused = awaitStatus(id, ExecutionStatus.PAUSED);
        assertThat(paused.runningPhases()).extracting(p -> p.phaseId()).containsExactly("tools");
        int toolsAtPause = toolEvents.size();
        Thread.sleep(400);
        assertThat(toolEvents).as("no tool call starts while paused").hasSize(toolsAtPause);
        assertThat(toolsAtPause).isEqualTo(1);
        engine.resume(id, "ana");
        awaitStatus(id, ExecutionStatus.COMPLETED);
        assertThat(toolEvents).hasSize(3);
    }

    @Test
    void cancelStopsTheAgentAtOnce() throws Exception {
        scripts.put("slow", t -> List.of(new Step.Sleep(Duration.ofSeconds(30))));
        template("slow", WorkflowSettings.DEFAULTS, phase("slow", 1));
        String id = run("slow");
        await(id, s -> s.currentPhase() != null && s.currentPhase().workspaceId() != null, "workspace provisioned");
        long start = System.nanoTime();
        assertThat(engine.cancel(id, "not needed", "ana")).isInstanceOf(Result.Ok.class);
        WorkflowExecution cancelled = awaitStatus(id, ExecutionStatus.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(cancelled.cancelReason()).isEqualTo("not needed");
        await(id, s -> workspaces.destroyed.get() == workspaces.created.get(), "workspace destroyed");
    }

    @Test
    void aPhaseOverItsTimeoutFailsWithTheReason() throws Exception {
        scripts.put("stuck", t -> List.of(new Step.Sleep(Duration.ofSeconds(30))));
        template("stuck", WorkflowSettings.DEFAULTS, phase("stuck", 1, PhaseSettings.DEFAULTS, 1));
        String id = run("stuck");
        WorkflowExecution failed = awaitStatus(id, ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("phase 'stuck' failed after 1 attempt").contains("timed out after 1 s");
    }

    @Test
    void aFailedPhaseIsRetriedWithBackoffAndThenSucceeds() throws Exception {
        scripts.put("flaky", t -> t.attempt() < 3 ? List.of(new Step.Fail("flaked on attempt " + t.attempt()))
                : List.of(new Step.Write("artifacts/output/ok.md", "ok")));
        template("flaky", WorkflowSettings.DEFAULTS,
                phase("flaky", 1, settings(PhaseKind.SEQUENTIAL, null, new PhaseRetryPolicy(3, 50, 2.0, 1000)), 30));
        String id = run("flaky");
        long start = System.nanoTime();
        WorkflowExecution done = awaitStatus(id, ExecutionStatus.COMPLETED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("backoffs of 50 and 100 ms").isGreaterThan(Duration.ofMillis(140));
        assertThat(done.completedPhases()).hasSize(1);
        assertThat(done.failedAttemptsOf("flaky")).isEqualTo(2);
    }

    @Test
    void exhaustingRetriesFailsTheExecutionWithPhaseAttemptsAndLastError() throws Exception {
        scripts.put("broken", t -> List.of(new Step.Fail("exit 2 on attempt " + t.attempt())));
        template("broken", WorkflowSettings.DEFAULTS,
                phase("broken", 1, settings(PhaseKind.SEQUENTIAL, null, new PhaseRetryPolicy(2, 10, 1.0, 10)), 30));
        String id = run("broken");
        WorkflowExecution failed = awaitStatus(id, ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("phase 'broken' failed after 2 attempts: exit 2 on attempt 2");
    }

    @Test
    void aPhaseOverItsBudgetPausesTheRunByDefault() throws Exception {
        scripts.put("costly", t -> List.of(new Step.Llm("sonnet", new TokenUsage(1000, 10, 0, 0), usd("0.80")),
                new Step.Llm("sonnet", new TokenUsage(1000, 10, 0, 0), usd("0.80")),
                new Step.Write("artifacts/output/x.md", "x")));
        template("costly", WorkflowSettings.DEFAULTS,
                phase("costly", 1, settings(PhaseKind.SEQUENTIAL, usd("1.00"), null), 30), phase("after", 2));
        String id = run("costly");
        WorkflowExecution paused = awaitStatus(id, ExecutionStatus.PAUSED);
        assertThat(paused.pauseReason()).contains("budget exceeded: phase 'costly' cost $1.60, over its max_cost_usd of $1.00");
        engine.resume(id, "ana");
        WorkflowExecution done = awaitStatus(id, ExecutionStatus.COMPLETED);
        assertThat(done.costUsd()).isEqualByComparingTo("1.60");
    }

    @Test
    void anExecutionOverTheWorkflowBudgetFailsWhenTheWorkflowSaysSo() throws Exception {
        scripts.put("a", t -> List.of(new Step.Llm("sonnet", TokenUsage.NONE, usd("0.60"))));
        scripts.put("b", t -> List.of(new Step.Llm("sonnet", TokenUsage.NONE, usd("0.60")), new Step.Sleep(Duration.ofSeconds(5))));
        template("capped", new WorkflowSettings(null, usd("1.00"), BudgetAction.FAIL), phase("a", 1), phase("b", 2));
        String id = run("capped");
        WorkflowExecution failed = awaitStatus(id, ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("over the workflow's max_cost_usd of $1.00");
    }

    @Test
    void anApprovalGateWaitsForAHumanAndApprovalContinues() throws Exception {
        template("gated", WorkflowSettings.DEFAULTS, phase("plan", 1),
                phase("gate", 2, settings(PhaseKind.APPROVAL, null, null), 30), phase("ship", 3));
        String id = run("gated");
        WorkflowExecution waiting = await(id, s -> "gate".equals(s.awaitingApproval()), "awaiting approval");
        assertThat(waiting.status()).isEqualTo(ExecutionStatus.PAUSED);
        Result<Long, EngineRejection> plainResume = engine.resume(id, "ana");
        assertThat(plainResume).isInstanceOf(Result.Err.class);
        assertThat(((Result.Err<Long, EngineRejection>) plainResume).error().reason()).contains("approve or reject it");
        assertThat(engine.approve(id, "gate", "fine", "ana")).isInstanceOf(Result.Ok.class);
        WorkflowExecution done = awaitStatus(id, ExecutionStatus.COMPLETED);
        assertThat(done.completedPhases()).extracting(p -> p.phaseId()).containsExactly("plan", "gate", "ship");
    }

    @Test
    void rejectingAnApprovalFailsTheRun() throws Exception {
        template("gated2", WorkflowSettings.DEFAULTS, phase("gate", 1, settings(PhaseKind.APPROVAL, null, null), 30),
                phase("ship", 2));
        String id = run("gated2");
        await(id, s -> "gate".equals(s.awaitingApproval()), "awaiting approval");
        engine.reject(id, "gate", "too risky", "bo");
        WorkflowExecution failed = awaitStatus(id, ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("phase 'gate' was rejected by bo: too risky");
    }

    @Test
    void workspacesLeftBehindByACrashAreRecordedAsDestroyedAtStart() throws Exception {
        // what a crashed process left: a workspace whose creation was recorded, and one it died before recording
        var recorded = commands.handle(io.syntropic137.domain.orchestration.Workspace.TYPE, new WorkspaceCommand.CreateWorkspace("ws-left",
                        "ex-crashed", "plan", io.syntropic137.domain.orchestration.IsolationBackend.LOCAL, "/tmp/ws-left",
                        EngineConfig.DEFAULTS.workspaceLimits(), java.time.Instant.now()),
                io.syntropic137.application.CommandContext.by("test"));
        assertThat(recorded).isInstanceOf(io.syntropic137.application.CommandOutcome.Accepted.class);
        workspaces.leftovers.addAll(List.of("ws-left", "ws-never-recorded"));
        restartWith(EngineConfig.DEFAULTS.withDefaultRuntime("scripted"));
        assertThat(commands.current(io.syntropic137.domain.orchestration.Workspace.TYPE, "ws-left").status())
                .isEqualTo(io.syntropic137.domain.orchestration.WorkspaceStatus.DESTROYED);
        assertThat(commands.current(io.syntropic137.domain.orchestration.Workspace.TYPE, "ws-never-recorded").status())
                .isEqualTo(io.syntropic137.domain.orchestration.WorkspaceStatus.NONE);
    }

    @Test
    void runsBeyondTheConcurrencyLimitWaitVisiblyInTheQueue() throws Exception {
        restartWith(EngineConfig.DEFAULTS.withDefaultRuntime("scripted").withMaxConcurrentExecutions(1));
        scripts.put("hold", t -> List.of(new Step.Sleep(Duration.ofMillis(500))));
        template("hold", WorkflowSettings.DEFAULTS, phase("hold", 1));
        String first = run("hold");
        String second = run("hold");
        await(first, s -> s.status() == ExecutionStatus.RUNNING, "first running");
        WorkflowExecution waiting = state(second);
        assertThat(waiting.status()).isEqualTo(ExecutionStatus.NOT_STARTED);
        assertThat(waiting.queued()).isTrue();
        awaitStatus(second, ExecutionStatus.COMPLETED);
    }

    @Test
    void agentsRunBeyondTheEngineWorkersAndAPausedRunHoldsNone() throws Exception {
        restartWith(EngineConfig.DEFAULTS.withDefaultRuntime("scripted").withEngineWorkers(1));
        List<Long> agentStarts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        scripts.put("long", t -> {
            agentStarts.add(System.nanoTime());
            return List.of(new Step.Sleep(Duration.ofMillis(1500)));
        });
        scripts.put("brief", t -> List.of(new Step.Sleep(Duration.ofMillis(400))));
        template("long", WorkflowSettings.DEFAULTS, phase("long", 1));
        template("brief-then-long", WorkflowSettings.DEFAULTS, phase("brief", 1), phase("long", 2));
        String paused = run("brief-then-long");
        assertThat(engine.pause(paused, "hold it at a yield point", "ana")).isInstanceOf(Result.Ok.class);
        // paused before one phase or the other, depending on when the request arrived; at rest either way
        await(paused, s -> s.status() == ExecutionStatus.PAUSED, "paused at a yield point");
        agentStarts.clear();
        List<String> ids = List.of(run("long"), run("long"), run("long"));
        for (String id : ids) {
            awaitStatus(id, ExecutionStatus.COMPLETED);
        }
        // one engine worker, yet the three agents overlapped: a worker is given back while its agent runs, and the
        // paused run held none (with either held, the runs would have followed one another 1.5 s apart)
        assertThat(agentStarts).hasSize(3);
        long spread = java.util.Collections.max(agentStarts) - java.util.Collections.min(agentStarts);
        assertThat(Duration.ofNanos(spread)).isLessThan(Duration.ofMillis(1200));
        assertThat(state(paused).status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(engine.resume(paused, "ana")).isInstanceOf(Result.Ok.class);
        awaitStatus(paused, ExecutionStatus.COMPLETED);
    }

    @Test
    void parallelPhasesOverlapWithASingleEngineWorker() throws Exception {
        restartWith(EngineConfig.DEFAULTS.withDefaultRuntime("scripted").withEngineWorkers(1));
        phasesOfOneOrderRunAtTheSameTime();
    }

    @Test
    void phasesOfOneOrderRunAtTheSameTime() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        Function<io.syntropic137.engine.port.AgentTask, List<Step>> overlapping = t -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            return List.of(new Step.Sleep(Duration.ofMillis(300)), new Step.Write("artifacts/output/" + t.phaseId() + ".md", "x"));
        };
        scripts.put("lint", t -> {
            var steps = overlapping.apply(t);
            return steps;
        });
        scripts.put("test", overlapping::apply);
        var parallel = settings(PhaseKind.PARALLEL, null, null);
        template("par", WorkflowSettings.DEFAULTS, phase("lint", 1, parallel, 30), phase("test", 1, parallel, 30), phase("ship", 2));
        String id = run("par");
        WorkflowExecution done = awaitStatus(id, ExecutionStatus.COMPLETED);
        assertThat(maxConcurrent.get()).isEqualTo(2);
        assertThat(done.completedPhases().getLast().phaseId()).isEqualTo("ship");
    }

    @Test
    void aRestartInterruptsTheRunningExecutionAndRetriesItFromItsLastCompletedPhase() throws Exception {
        scripts.put("second", t -> t.attempt() == 1 && state(t.executionId()).attempt() == 1
                ? List.of(new Step.Sleep(Duration.ofSeconds(30))) : List.of(new Step.Write("artifacts/output/s.md", "s")));
        template("restart", WorkflowSettings.DEFAULTS, phase("first", 1), phase("second", 2));
        String id = run("restart");
        await(id, s -> s.completedPhases().size() == 1 && !s.runningPhases().isEmpty(), "second phase running");
        engine.close(); // like a crash: agents gone, the store still says RUNNING
        assertThat(state(id).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine = newEngine(EngineConfig.DEFAULTS.withDefaultRuntime("scripted"));
        assertThat(engine.start()).isEqualTo(1);
        WorkflowExecution done = awaitStatus(id, ExecutionStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.completedPhases()).extracting(p -> p.phaseId()).containsExactly("first", "second");
    }

    @Test
    void theSweeperTakesOverARunningExecutionThatNothingDrives() throws Exception {
        restartWith(EngineConfig.DEFAULTS.withDefaultRuntime("scripted").withSweepInterval(Duration.ofMillis(200)));
        template("orphan", WorkflowSettings.DEFAULTS, phase("only", 1));
        var template = commands.load(WorkflowTemplate.TYPE, "orphan").state();
        // started behind the engine's back, as a node that died after ExecutionStarted would leave it
        commands.handle(WorkflowExecution.TYPE, new io.syntropic137.domain.orchestration.ExecutionCommand.StartExecution(
                "ex-orphan", "orphan", template.phases().stream().map(PhaseDefinition::planned).toList(), template.phases(),
                WorkflowSettings.DEFAULTS, "t", Map.of(), List.of(), Instant.now()), CommandContext.by("test"));
        WorkflowExecution done = awaitStatus("ex-orphan", ExecutionStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
    }

    @Test
    void controlCommandsThatDoNotFitTheStateSayWhy() throws Exception {
        template("quick", WorkflowSettings.DEFAULTS, phase("only", 1));
        String id = run("quick");
        awaitStatus(id, ExecutionStatus.COMPLETED);
        Result<Long, EngineRejection> resume = engine.resume(id, "ana");
        assertThat(((Result.Err<Long, EngineRejection>) resume).error().reason())
                .isEqualTo("cannot resume execution '" + id + "' while it is COMPLETED: COMPLETED is final");
        var missing = engine.run(new RunRequest("nope", "t", Map.of(), List.of(), null), "ana");
        assertThat(((Result.Err<ExecutionEngine.Accepted, EngineRejection>) missing).error().reason())
                .isEqualTo("workflow template 'nope' does not exist");
        var unknownInput = engine.run(new RunRequest("quick", "t", Map.of("colour", "red"), List.of(), null), "ana");
        assertThat(((Result.Err<ExecutionEngine.Accepted, EngineRejection>) unknownInput).error().reason())
                .contains("unknown input(s) [colour]").contains("the workflow declares [topic]");
    }
}
