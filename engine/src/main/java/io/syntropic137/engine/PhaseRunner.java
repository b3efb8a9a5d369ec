package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.BudgetAction;
import io.syntropic137.domain.orchestration.ExecutionCommand;
import io.syntropic137.domain.orchestration.ExecutionCommand.CompletePhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.FailExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.PauseExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.ReachYieldPoint;
import io.syntropic137.domain.orchestration.ExecutionCommand.RecordAgentCompleted;
import io.syntropic137.domain.orchestration.ExecutionCommand.RecordArtifactsCollected;
import io.syntropic137.domain.orchestration.ExecutionCommand.RecordWorkspaceProvisioned;
import io.syntropic137.domain.orchestration.ExecutionCommand.RetryPhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.StartPhase;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.PhaseResult;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.sessions.SessionCommand;
import io.syntropic137.domain.sessions.SessionOutcome;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.ExecutionPlans.Plan;
import io.syntropic137.engine.port.AgentEvents;
import io.syntropic137.engine.port.AgentResult;
import io.syntropic137.engine.port.AgentRun;
import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.port.AgentTask;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.workflows.RenderContext;
import io.syntropic137.workflows.RenderProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one phase of one execution through its attempts: start → session → workspace → agent → artifacts →
 * complete, or retry with backoff, or fail the execution once the attempts are used up. Every step is a command,
 * so the run can be reconstructed from the event store.
 */
final class PhaseRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PhaseRunner.class);

    private final EngineParts parts;
    private final ExecutionHandle handle;
    private final Plan plan;
    private final PhaseDefinition phase;
    private final Budgets budgets;
    private final PhaseTimings timings;
    private final EngineWork.Permit permit;

    PhaseRunner(EngineParts parts, ExecutionHandle handle, Plan plan, PhaseDefinition phase, Budgets budgets,
                PhaseTimings timings, EngineWork.Permit permit) {
        this.permit = permit;
        this.parts = parts;
        this.handle = handle;
        this.plan = plan;
        this.phase = phase;
        this.budgets = budgets;
        this.timings = timings;
    }

    private String executionId() {
        return handle.executionId;
    }

    /** Runs until the phase is completed, the execution failed, or the execution stopped being RUNNING. */
    void run() throws InterruptedException {
        while (!handle.stopping()) {
            permit.take();
            WorkflowExecution state = parts.commands().loadExecution(executionId());
            if (state.isCompleted(phase.phaseId()) || ExecutionStatus.RUNNING != state.status() && ExecutionStatus.PAUSED != state.status()) {
                return;
            }
            int failed = state.failedAttemptsOf(phase.phaseId());
            int attempt = failed + 1;
            long backoff = phase.settings().retries().backoffBefore(attempt);
            if (backoff > 0) {
                permit.giveBack();
                handle.awaitSignal(Duration.ofMillis(backoff));
                if (handle.stopping()) {
                    return;
                }
                permit.take();
            }
            if (!startPhase()) {
                return;
            }
            AttemptOutcome outcome = runAttempt(state, attempt);
            switch (outcome) {
                case AttemptOutcome.Completed c -> {
                    return;
                }
                case AttemptOutcome.Stopped s -> {
                    return;
                }
                case AttemptOutcome.Failed f -> {
                    int maxAttempts = phase.settings().retries().maxAttempts();
                    if (attempt < maxAttempts && f.retryable()) {
                        LOG.info("execution {} phase {} attempt {} of {} failed, retrying: {}", executionId(),
                                phase.phaseId(), attempt, maxAttempts, f.error());
                        if (parts.commands().execution(new RetryPhase(executionId(), phase.phaseId(), f.error(),
                                parts.now())) instanceof Result.Err<?, Rejection> err) {
                            LOG.info("execution {} phase {} not retried: {}", executionId(), phase.phaseId(),
                                    err.error().reason());
                            return;
                        }
                        continue;
                    }
                    String error = "phase '" + phase.phaseId() + "' failed after " + attempt + " attempt"
                            + (attempt == 1 ? "" : "s") + ": " + f.error();
                    parts.commands().bestEffort(parts.commands().execution(
                            new FailExecution(executionId(), error, parts.now())), "failing execution " + executionId());
                    handle.stopAgents(parts.config().stopGrace()); // parallel phases of a failed run stop too
                    return;
                }
            }
        }
    }

    /** Starts the phase, waiting out a pending pause first (starting a phase is a yield point). */
    private boolean startPhase() throws InterruptedException {
        while (true) {
            var started = parts.commands().execution(new StartPhase(executionId(), phase.phaseId(), parts.now()));
            if (started instanceof Result.Ok<?, Rejection>) {
                return true;
            }
            Rejection why = ((Result.Err<?, Rejection>) started).error();
            if (why instanceof Rejection.RuleViolated r && r.rule().equals("pause-pending")) {
                parts.commands().execution(new ReachYieldPoint(executionId(), YieldPoint.BEFORE_PHASE, parts.now()));
                permit.giveBack();
                if (!new PauseGate(parts, handle).awaitRunning()) {
                    return false;
                }
                permit.take();
                continue;
            }
            if (why instanceof Rejection.RuleViolated r && r.rule().equals("phase-in-progress")) {
                return true; // started before a restart of this loop; the attempt continues
            }
            LOG.info("execution {} phase {} does not start: {}", executionId(), phase.phaseId(), why.reason());
            return false;
        }
    }

    /**
     * One attempt, timed: everything but the agent's own run counts as engine overhead, including recording the
     * attempt's bookkeeping facts, which happens off the critical path and is awaited at the end, and waiting for a
     * work permit once the agent has returned. The wait for a permit before the phase started is kept apart: like
     * the queue of executions waiting to run, it delays the run, not the phase.
     */
    private AttemptOutcome runAttempt(WorkflowExecution state, int attempt) throws InterruptedException {
        long waitedBefore = permit.takeWaitedNanos();
        long start = System.nanoTime();
        agentNanos = 0;
        waitedAfterAgent = 0;
        AttemptOutcome outcome;
        recorder = new SerialRecorder("record-" + executionId(), parts.commands());
        finishing = null;
        try {
            outcome = attempt(state, attempt);
        } finally {
            recorder.close();
        }
        if (finishing != null && !awaitFinishing()) {
            outcome = new AttemptOutcome.Stopped();
        }
        if (outcome instanceof AttemptOutcome.Completed) {
            timings.record(System.nanoTime() - start - agentNanos, agentNanos, waitedBefore, waitedAfterAgent);
        }
        return outcome;
    }

    /**
     * How long a phase keeps its engine work permit while its agent starts. Giving the permit back costs the phase a
     * turn in the queue when the agent returns (4-7 ms at the median, measured with an instant agent), so an agent
     * that answers within this much is cheaper to wait for; any longer one runs without a permit, and the engine's
     * capacity lost to waiting is at most this much per phase.
     */
    static final Duration QUICK_AGENT = Duration.ofMillis(5);

    private SerialRecorder recorder;
    private DeferredExecutionFact provisioned;
    private long agentNanos;
    private long waitedAfterAgent;

    private AttemptOutcome attempt(WorkflowExecution state, int attempt) throws InterruptedException {
        String sessionId = sessionIdOf(executionId(), phase.phaseId(), state.attempt(), attempt);
        String runtimeName = phase.settings().agent() == null ? parts.config().defaultRuntime() : phase.settings().agent();
        AgentRuntime runtime = parts.runtimes().get(runtimeName);
        if (runtime == null) {
            return new AttemptOutcome.Failed("no agent runtime named '" + runtimeName + "'; this server has "
                    + parts.runtimes().keySet().stream().sorted().toList());
        }
        var startSession = new SessionCommand.StartSession(sessionId, executionId(), phase.phaseId(), runtime.name(),
                phase.model() == null ? "default" : phase.model(), parts.now());
        recorder.session(startSession);
        PhaseInputs inputs;
        try {
            inputs = PhaseInputs.gather(parts, state, plan, phase);
        } catch (IOException e) {
            return endSession(sessionId, failedAgent(sessionId, "reading the artifacts of earlier phases failed: " + e.getMessage()));
        }
        var prompt = parts.prompts().render(phase.prompt() == null ? "" : phase.prompt(),
                new RenderContext(plan.task(), plan.inputs(), inputs.primaryTexts(), executionId(), plan.templateId()));
        if (prompt instanceof Result.Err<String, RenderProblem> err) {
            return endSession(sessionId, failedAgent(sessionId, "the prompt of phase '" + phase.phaseId()
                    + "' cannot be rendered: " + err.error().message()));
        }
        String promptText = ((Result.Ok<String, RenderProblem>) prompt).value();
        WorkspaceSession workspace;
        try {
            workspace = WorkspaceSession.open(parts, recorder, executionId(), phase.phaseId(), sessionId, plan, promptText, inputs);
        } catch (IOException e) {
            return endSession(sessionId, failedAgent(sessionId, "the workspace could not be created: " + e.getMessage()));
        }
        try (workspace) {
            provisioned = new DeferredExecutionFact(parts.commands(), new RecordWorkspaceProvisioned(executionId(),
                    phase.phaseId(), workspace.workspaceId(), parts.now()), SerialRecorder.LINGER);
            try {
                return endSession(sessionId, runAgent(runtime, workspace.workspace(), sessionId, attempt, promptText));
            } finally {
                provisioned.flush(); // a no-op unless a path out of the agent's run took nothing along
            }
        }
    }

    private AttemptOutcome runAgent(AgentRuntime runtime, Workspace workspace, String sessionId, int attempt,
                                    String prompt) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(phase.timeoutSeconds() <= 0 ? 1800 : phase.timeoutSeconds());
        AgentTask task = new AgentTask(executionId(), phase.phaseId(), sessionId, attempt, prompt, phase.model(),
                phase.allowedTools(), phase.settings().maxTurns(), phase.settings().maxCostUsd(),
                phase.settings().command(), timeout);
        var events = new PhaseAgentEvents(sessionId);
        long agentStart = System.nanoTime();
        AgentRun run;
        try {
            run = runtime.start(task, workspace, events);
        } catch (IOException e) {
            provisioned.flush();
            return failedAgent(sessionId, "agent runtime '" + runtime.name() + "' could not start: " + e.getMessage());
        }
        handle.agentStarted(sessionId, run);
        AgentResult result;
        try {
            Optional<AgentResult> finished = run.await(QUICK_AGENT);
            if (finished.isEmpty()) {
                permit.giveBack(); // the agent's time is not engine work
                finished = run.await(timeout.minus(QUICK_AGENT));
            }
            if (finished.isEmpty()) {
                run.stop(parts.config().stopGrace());
                result = AgentResult.failure("timed out after " + timeout.toSeconds() + " s (the phase's timeout_seconds)",
                        events.tokens(), events.cost());
            } else {
                result = finished.get();
            }
        } finally {
            handle.agentEnded(sessionId);
        }
        agentNanos = System.nanoTime() - agentStart;
        permit.takeToFinish();
        waitedAfterAgent = permit.takeWaitedNanos();
        // every append of the phase from here on carries the workspace fact if it has not been written yet
        List<ExecutionCommand> before = provisioned.takeAlong();
        if (handle.stopping()) {
            before.forEach(parts.commands()::execution); // as before the deferral: recorded if the run still takes it
            return new AttemptOutcome.Stopped();
        }
        if (events.budgetFailure.get() != null) {
            result = AgentResult.failure(events.budgetFailure.get(), result.tokens(), result.costUsd());
        }
        TokenUsage tokens = result.tokens() == null ? events.tokens() : result.tokens();
        BigDecimal cost = result.costUsd() == null ? events.cost() : result.costUsd();
        var agentCompleted = new RecordAgentCompleted(executionId(), phase.phaseId(), sessionId, result.succeeded(),
                result.succeeded() ? null : nonBlank(result.error()), tokens, cost, parts.now());
        sessionResult = new SessionResult(result.succeeded() ? SessionOutcome.COMPLETED : SessionOutcome.FAILED,
                result.succeeded() ? null : nonBlank(result.error()), tokens, cost);
        if (!result.succeeded()) {
            return parts.commands().executionAll(with(before, agentCompleted)) instanceof Result.Ok<?, Rejection>
                    ? new AttemptOutcome.Failed(nonBlank(result.error()), events.budgetFailure.get() == null)
                    : new AttemptOutcome.Stopped();
        }
        if (budgets.overrun(parts, executionId(), phase, cost, false).orElse(null) instanceof String overrun) {
            if (budgets.action() == BudgetAction.FAIL) {
                return parts.commands().executionAll(with(before, agentCompleted)) instanceof Result.Ok<?, Rejection>
                        ? new AttemptOutcome.Failed(overrun, false) : new AttemptOutcome.Stopped();
            }
            budgets.requestPause(parts, executionId(), overrun);
        }
        List<String> artifactIds;
        try {
            artifactIds = ArtifactCollector.collect(parts, workspace, executionId(), phase, sessionId);
        } catch (IOException e) {
            parts.commands().bestEffort(parts.commands().executionAll(with(before, agentCompleted)), "agent result of " + sessionId);
            return new AttemptOutcome.Failed("collecting the artifacts of phase '" + phase.phaseId() + "' failed: "
                    + e.getMessage());
        }
        // the agent's result, its artifacts and the phase's completion are one fact in time: one append
        List<ExecutionCommand> finish = new java.util.ArrayList<>(before);
        finish.add(agentCompleted);
        if (!artifactIds.isEmpty()) {
            finish.add(new RecordArtifactsCollected(executionId(), phase.phaseId(), artifactIds, parts.now()));
        }
        finish.add(new CompletePhase(executionId(), phase.phaseId(), parts.now()));
        // written while the workspace is taken down and the session's end is recorded (other streams), so the
        // phase waits for one commit of the store for all of them instead of one after the other
        finishing = new FutureTask<>(() -> parts.commands().executionAll(finish) instanceof Result.Ok<?, Rejection>);
        Thread.ofVirtual().name("finish-" + executionId()).start(finishing);
        return new AttemptOutcome.Completed();
    }

    /** The phase's closing append, started by a successful attempt and awaited once its bookkeeping is recorded. */
    private FutureTask<Boolean> finishing;

    /** @return whether the closing append was accepted (false: the execution stopped running meanwhile) */
    private boolean awaitFinishing() throws InterruptedException {
        try {
            return finishing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime; // as if the append had run on this thread: the driver logs it and the run stays as stored
            }
            throw new IllegalStateException("the closing append of phase '" + phase.phaseId() + "' failed", e.getCause());
        } finally {
            finishing = null;
        }
    }

    private static List<ExecutionCommand> with(List<ExecutionCommand> before, ExecutionCommand command) {
        List<ExecutionCommand> all = new java.util.ArrayList<>(before);
        all.add(command);
        return all;
    }

    private record SessionResult(SessionOutcome outcome, String error, TokenUsage tokens, BigDecimal cost) {
    }

    private SessionResult sessionResult;

    /** A failure before or instead of an agent result: recorded like an agent failure so the attempt can be retried. */
    private AttemptOutcome failedAgent(String sessionId, String error) {
        var recorded = parts.commands().execution(new RecordAgentCompleted(executionId(), phase.phaseId(), sessionId,
                false, error, TokenUsage.NONE, BigDecimal.ZERO, parts.now()));
        sessionResult = new SessionResult(SessionOutcome.FAILED, error, TokenUsage.NONE, BigDecimal.ZERO);
        return recorded instanceof Result.Ok<?, Rejection> ? new AttemptOutcome.Failed(error) : new AttemptOutcome.Stopped();
    }

    private AttemptOutcome endSession(String sessionId, AttemptOutcome outcome) {
        SessionResult result = sessionResult != null ? sessionResult
                : new SessionResult(SessionOutcome.CANCELLED, "the execution stopped", null, null);
        sessionResult = null;
        var complete = new SessionCommand.CompleteSession(sessionId, result.outcome(), result.error(), result.tokens(),
                result.cost(), parts.now());
        recorder.session(complete);
        return outcome;
    }

    /**
     * The session of one attempt of one phase in one run attempt: deterministic, so recovery can end the session of
     * a phase whose agent a crash took away.
     */
    static String sessionIdOf(String executionId, String phaseId, int runAttempt, int phaseAttempt) {
        return executionId + "." + phaseId + "." + runAttempt + "." + phaseAttempt;
    }

    private static String nonBlank(String error) {
        return error == null || error.isBlank() ? "the agent failed without saying why" : error;
    }

    sealed interface AttemptOutcome {
        record Completed() implements AttemptOutcome {
        }

        /** @param retryable false when running it again cannot help (e.g. over budget) */
        record Failed(String error, boolean retryable) implements AttemptOutcome {
            Failed(String error) {
                this(error, true);
            }
        }

        /** The execution stopped being RUNNING (cancelled, failed elsewhere): nothing more to do here. */
        record Stopped() implements AttemptOutcome {
        }
    }

    /** What the agent reports while it runs: yield points block while paused; usage feeds the budget checks. */
    private final class PhaseAgentEvents implements AgentEvents {
        private final String sessionId;
        private final AtomicReference<TokenUsage> tokens = new AtomicReference<>(TokenUsage.NONE);
        private final AtomicReference<BigDecimal> cost = new AtomicReference<>(BigDecimal.ZERO);
        private final AtomicReference<String> budgetFailure = new AtomicReference<>();
        private final AtomicBoolean budgetFlagged = new AtomicBoolean();

        PhaseAgentEvents(String sessionId) {
            this.sessionId = sessionId;
        }

        TokenUsage tokens() {
            return tokens.get();
        }

        BigDecimal cost() {
            return cost.get();
        }

        @Override
        public void yieldPoint(YieldPoint point) throws InterruptedException {
            if (handle.stopping()) {
                throw new InterruptedException("execution " + executionId() + " is stopping");
            }
            parts.commands().execution(new ReachYieldPoint(executionId(), point, parts.now()));
            if (!new PauseGate(parts, handle).awaitRunning()) {
                throw new InterruptedException("execution " + executionId() + " stopped while paused");
            }
        }

        @Override
        public void toolStarted(String toolUseId, String tool, String inputJson) {
            parts.listener().toolStarted(executionId(), phase.phaseId(), sessionId, toolUseId, tool, inputJson);
        }

        @Override
        public void toolFinished(String toolUseId, String tool, boolean succeeded, String detail) {
            parts.listener().toolFinished(executionId(), phase.phaseId(), sessionId, toolUseId, tool, succeeded, detail);
            var operation = new SessionCommand.RecordOperation(sessionId, "tool:" + tool, TokenUsage.NONE, BigDecimal.ZERO,
                    parts.now());
            recorder.session(operation);
        }

        @Override
        public void observed(String type, String toolUseId, String dataJson, java.time.Instant time) {
            parts.listener().observed(executionId(), phase.phaseId(), sessionId, type, toolUseId, dataJson, time);
        }

        @Override
        public void usage(String model, TokenUsage used, BigDecimal usedCost) {
            BigDecimal add = usedCost == null ? BigDecimal.ZERO : usedCost;
            tokens.accumulateAndGet(used, TokenUsage::plus);
            BigDecimal phaseCost = cost.accumulateAndGet(add, BigDecimal::add);
            parts.listener().usage(executionId(), phase.phaseId(), sessionId, model, used, usedCost);
            var operation = new SessionCommand.RecordOperation(sessionId, "llm:" + (model == null ? "model" : model), used,
                    add, parts.now());
            recorder.session(operation);
            if (budgetFlagged.get()) {
                return;
            }
            Optional<String> overrun = budgets.overrun(parts, executionId(), phase, phaseCost, false);
            if (overrun.isPresent() && budgetFlagged.compareAndSet(false, true)) {
                if (budgets.action() == BudgetAction.FAIL) {
                    budgetFailure.set(overrun.get());
                    Thread.ofVirtual().start(() -> stopAllAgentsOfThisPhase());
                } else {
                    budgets.requestPause(parts, executionId(), overrun.get());
                }
            }
        }

        private void stopAllAgentsOfThisPhase() {
            // the agent is asked to stop from outside its own callback thread, which it may be waiting on
            try {
                handle.stopAgentsOf(sessionId, parts.config().stopGrace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
