package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.orchestration.ExecutionCommand.CancelExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.CompleteExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.CompletePhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.FailExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.InterruptExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.PauseExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.ReachYieldPoint;
import io.syntropic137.domain.orchestration.ExecutionCommand.RecordAgentCompleted;
import io.syntropic137.domain.orchestration.ExecutionCommand.RecordArtifactsCollected;
import io.syntropic137.domain.orchestration.ExecutionCommand.RecordWorkspaceProvisioned;
import io.syntropic137.domain.orchestration.ExecutionCommand.ResumeExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.RetryExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.StartExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.StartPhase;
import io.syntropic137.domain.orchestration.ExecutionEvent.AgentExecutionCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.ArtifactsCollectedForPhase;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionCancelled;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionFailed;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionInterrupted;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionPauseRequested;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionPaused;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionResumed;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionRetried;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionStarted;
import io.syntropic137.domain.orchestration.ExecutionEvent.NextPhaseReady;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseStarted;
import io.syntropic137.domain.orchestration.ExecutionEvent.WorkspaceProvisionedForPhase;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.nothingToRecord;
import static io.syntropic137.domain.shared.Decisions.reject;

/**
 * One run of a workflow template. Status changes go through {@link ExecutionStateMachine} only; phase work
 * (start phase, record workspace/agent/artifacts, complete phase) is allowed only while RUNNING.
 *
 * <p>Pausing happens in two steps because an agent can only stop at a safe point: {@link PauseExecution}
 * records the request at once (status stays RUNNING), and the next {@link ReachYieldPoint} moves the
 * execution to PAUSED. Starting a phase is itself a yield point, so it is refused while a pause is pending.
 *
 * @param phases          the plan, ordered; phases run strictly in this order
 * @param completedPhases results of the phases done so far, in order
 * @param currentPhase    the phase in progress (also while paused mid-phase), or null
 * @param tokens          token totals over every agent run, including discarded attempts; never decreases
 * @param attempt         1 for the first run, +1 per retry
 */
public record WorkflowExecution(String executionId, String templateId, ExecutionStatus status,
                                List<PlannedPhase> phases, List<PhaseResult> completedPhases,
                                PhaseResult currentPhase, TokenUsage tokens, BigDecimal costUsd,
                                List<String> artifactIds, boolean pauseRequested, String pauseReason, int attempt,
                                String error, String cancelReason, String interruptReason)
        implements Aggregate<WorkflowExecution, ExecutionCommand, ExecutionEvent> {

    public static final WorkflowExecution NOT_STARTED = new WorkflowExecution(null, null, ExecutionStatus.NOT_STARTED,
            List.of(), List.of(), null, TokenUsage.NONE, BigDecimal.ZERO, List.of(), false, null, 0, null, null, null);

    public static final AggregateType<WorkflowExecution, ExecutionCommand, ExecutionEvent> TYPE = new AggregateType<>(
            "execution", NOT_STARTED, WorkflowExecution.class, ExecutionCommand.class, ExecutionEvent.class);

    private static final String AGGREGATE = "execution";

    public WorkflowExecution {
        phases = List.copyOf(phases);
        completedPhases = List.copyOf(completedPhases);
        artifactIds = List.copyOf(artifactIds);
    }

    /** The phase that runs next, if any is left. */
    public Optional<PlannedPhase> nextPhase() {
        return completedPhases.size() < phases.size() ? Optional.of(phases.get(completedPhases.size()))
                : Optional.empty();
    }

    // ---- decide ----

    @Override
    public Result<List<ExecutionEvent>, Rejection> decide(ExecutionCommand command) {
        return switch (command) {
            case StartExecution c -> start(c);
            case StartPhase c -> orElse(requireActive(c, "start a phase of"), () -> startPhase(c));
            case RecordWorkspaceProvisioned c ->
                    orElse(requireActive(c, "record a workspace for"), () -> recordWorkspace(c));
            case RecordAgentCompleted c -> orElse(requireActive(c, "record an agent result for"), () -> recordAgent(c));
            case RecordArtifactsCollected c ->
                    orElse(requireActive(c, "record artifacts for"), () -> recordArtifacts(c));
            case CompletePhase c -> orElse(requireActive(c, "complete a phase of"), () -> completePhase(c));
            case CompleteExecution c -> orElse(requireTransition(c, ExecutionAction.FINISH), () -> complete(c));
            case FailExecution c -> orElse(requireTransition(c, ExecutionAction.ERROR), () -> fail(c));
            case PauseExecution c -> orElse(requireTransition(c, ExecutionAction.PAUSE), () -> requestPause(c));
            case ReachYieldPoint c -> orElse(requireActive(c, "reach a yield point in"), () -> yieldPoint(c));
            case ResumeExecution c -> orElse(requireTransition(c, ExecutionAction.RESUME), () -> accept(
                    new ExecutionResumed(executionId, phaseIdInProgress(), workspaceInProgress(), c.at())));
            case CancelExecution c -> orElse(requireTransition(c, ExecutionAction.CANCEL), () -> cancel(c));
            case InterruptExecution c -> orElse(requireTransition(c, ExecutionAction.INTERRUPT), () -> interrupt(c));
            case RetryExecution c -> orElse(requireTransition(c, ExecutionAction.RETRY), () -> accept(
                    new ExecutionRetried(executionId, attempt + 1, nextPhase().map(PlannedPhase::phaseId).orElse(null),
                            phaseIdInProgress(), c.at())));
        };
    }

    private Result<List<ExecutionEvent>, Rejection> start(StartExecution c) {
        if (status != ExecutionStatus.NOT_STARTED) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, c.executionId()));
        }
        Optional<Rejection> problem = Checks.firstProblem(
                Checks.id("executionId", c.executionId()),
                Checks.id("templateId", c.templateId()),
                Checks.present("at", c.at()),
                Checks.present("phases", c.phases()),
                c.phases() == null || !c.phases().isEmpty() ? Optional.empty()
                        : Checks.problem("phases", "an execution needs at least one phase"),
                c.phases() == null ? Optional.empty() : Checks.unique("phases", c.phases(), PlannedPhase::phaseId),
                c.phases() == null ? Optional.empty() : Checks.unique("phases", c.phases(), PlannedPhase::order),
                c.phases() == null ? Optional.empty() : phaseIds(c.phases()));
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        List<PlannedPhase> ordered = c.phases().stream().sorted(Comparator.comparingInt(PlannedPhase::order)).toList();
        return accept(new ExecutionStarted(c.executionId(), c.templateId(), ordered, c.task() == null ? "" : c.task(),
                c.inputs() == null ? Map.of() : Map.copyOf(c.inputs()), c.repos() == null ? List.of() : List.copyOf(c.repos()),
                c.at()));
    }

    private static Optional<Rejection> phaseIds(List<PlannedPhase> phases) {
        for (PlannedPhase phase : phases) {
            Optional<Rejection> bad = Checks.id("phases.phaseId", phase.phaseId());
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private Result<List<ExecutionEvent>, Rejection> startPhase(StartPhase c) {
        if (pauseRequested) {
            return reject(new Rejection.RuleViolated("pause-pending", "a pause of execution '" + executionId
                    + "' is pending; report the yield point before phase '" + c.phaseId() + "' instead of starting it"));
        }
        if (currentPhase != null) {
            return reject(new Rejection.RuleViolated("phase-in-progress", "phase '" + currentPhase.phaseId()
                    + "' of execution '" + executionId + "' is still running; complete it first"));
        }
        Optional<PlannedPhase> next = nextPhase();
        if (next.isEmpty()) {
            return reject(new Rejection.RuleViolated("no-phase-left",
                    "every phase of execution '" + executionId + "' is complete; complete the execution instead"));
        }
        if (!next.get().phaseId().equals(c.phaseId())) {
            return reject(new Rejection.RuleViolated("phase-out-of-order", "phase '" + c.phaseId()
                    + "' cannot start now: phases run in order and the next one is '" + next.get().phaseId() + "'"));
        }
        return accept(new PhaseStarted(executionId, c.phaseId(), attempt, c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> recordWorkspace(RecordWorkspaceProvisioned c) {
        Optional<Rejection> problem = Checks.firstProblem(requirePhase(c.phaseId()), Checks.id("workspaceId", c.workspaceId()));
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        if (currentPhase.workspaceId() != null) {
            return reject(new Rejection.RuleViolated("workspace-already-provisioned", "phase '" + c.phaseId()
                    + "' already runs in workspace '" + currentPhase.workspaceId() + "'"));
        }
        return accept(new WorkspaceProvisionedForPhase(executionId, c.phaseId(), c.workspaceId(), c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> recordAgent(RecordAgentCompleted c) {
        Optional<Rejection> problem = Checks.firstProblem(
                requirePhase(c.phaseId()),
                Checks.id("sessionId", c.sessionId()),
                Checks.present("tokens", c.tokens()),
                c.tokens() != null && c.tokens().hasNegative() ? Checks.problem("tokens", "counts must be >= 0") : Optional.empty(),
                c.costUsd() != null && c.costUsd().signum() < 0 ? Checks.problem("costUsd", "must be >= 0") : Optional.empty(),
                !c.succeeded() && (c.error() == null || c.error().isBlank())
                        ? Checks.problem("error", "a failed agent run must say why") : Optional.empty());
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        if (currentPhase.agentCompleted()) {
            return reject(new Rejection.RuleViolated("agent-already-completed",
                    "the agent of phase '" + c.phaseId() + "' has already reported its result"));
        }
        return accept(new AgentExecutionCompleted(executionId, c.phaseId(), c.sessionId(), c.succeeded(),
                c.succeeded() ? null : c.error(), c.tokens(), c.costUsd() == null ? BigDecimal.ZERO : c.costUsd(), c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> recordArtifacts(RecordArtifactsCollected c) {
        Optional<Rejection> problem = Checks.firstProblem(requirePhase(c.phaseId()), Checks.present("artifactIds", c.artifactIds()));
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        if (c.artifactIds().isEmpty()) {
            return reject(new Rejection.InvalidInput("artifactIds", "name at least one artifact"));
        }
        var seen = new HashSet<>(artifactIds);
        for (String artifactId : c.artifactIds()) {
            Optional<Rejection> bad = Checks.id("artifactIds", artifactId);
            if (bad.isPresent()) {
                return reject(bad.get());
            }
            if (!seen.add(artifactId)) {
                return reject(new Rejection.RuleViolated("artifact-already-collected",
                        "artifact '" + artifactId + "' is already recorded for execution '" + executionId + "'"));
            }
        }
        return accept(new ArtifactsCollectedForPhase(executionId, c.phaseId(), List.copyOf(c.artifactIds()), c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> completePhase(CompletePhase c) {
        Optional<Rejection> problem = requirePhase(c.phaseId());
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        if (currentPhase.agentCompleted() && !currentPhase.agentSucceeded()) {
            return reject(new Rejection.RuleViolated("agent-failed", "the agent of phase '" + c.phaseId()
                    + "' failed; fail or interrupt the execution instead of completing the phase"));
        }
        var completed = new PhaseCompleted(executionId, c.phaseId(), currentPhase.tokens(), currentPhase.costUsd(),
                currentPhase.artifactIds(), c.at());
        int nextIndex = completedPhases.size() + 1;
        if (nextIndex < phases.size()) {
            return accept(completed, new NextPhaseReady(executionId, phases.get(nextIndex).phaseId(), c.at()));
        }
        return accept(completed);
    }

    private Result<List<ExecutionEvent>, Rejection> complete(CompleteExecution c) {
        if (currentPhase != null) {
            return reject(new Rejection.RuleViolated("phase-in-progress", "phase '" + currentPhase.phaseId()
                    + "' of execution '" + executionId + "' is still running; complete it first"));
        }
        if (nextPhase().isPresent()) {
            return reject(new Rejection.RuleViolated("phases-remaining", "execution '" + executionId + "' has "
                    + (phases.size() - completedPhases.size()) + " phase(s) left, starting with '"
                    + nextPhase().get().phaseId() + "'"));
        }
        return accept(new ExecutionCompleted(executionId, completedPhases.size(), tokens, costUsd, c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> fail(FailExecution c) {
        Optional<Rejection> problem = Checks.notBlank("error", c.error());
        return problem.isPresent() ? reject(problem.get())
                : accept(new ExecutionFailed(executionId, phaseIdInProgress(), c.error(), c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> requestPause(PauseExecution c) {
        if (pauseRequested) {
            return reject(new Rejection.RuleViolated("pause-already-requested", "a pause of execution '"
                    + executionId + "' is already pending; it takes effect at the next yield point"));
        }
        return accept(new ExecutionPauseRequested(executionId, c.reason(), c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> yieldPoint(ReachYieldPoint c) {
        if (c.yieldPoint() == null) {
            return reject(new Rejection.InvalidInput("yieldPoint", "is required"));
        }
        if (!pauseRequested) {
            return nothingToRecord();
        }
        return accept(new ExecutionPaused(executionId, c.yieldPoint(), phaseIdInProgress(), pauseReason, c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> cancel(CancelExecution c) {
        return accept(new ExecutionCancelled(executionId, phaseIdInProgress(),
                c.reason() == null || c.reason().isBlank() ? "cancelled" : c.reason(), c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> interrupt(InterruptExecution c) {
        Optional<Rejection> problem = Checks.notBlank("reason", c.reason());
        return problem.isPresent() ? reject(problem.get())
                : accept(new ExecutionInterrupted(executionId, phaseIdInProgress(), c.reason(), c.at()));
    }

    // ---- guards ----

    private Optional<Rejection> requireActive(ExecutionCommand c, String activity) {
        if (status == ExecutionStatus.NOT_STARTED) {
            return Optional.of(new Rejection.NotFound(AGGREGATE, c.executionId()));
        }
        if (status != ExecutionStateMachine.ACTIVE) {
            return Optional.of(new Rejection.IllegalTransition(AGGREGATE, executionId, status.name(), activity,
                    "phase work happens only while " + ExecutionStateMachine.ACTIVE + "; "
                            + ExecutionStateMachine.describeWayOut(status)));
        }
        return Optional.empty();
    }

    private Optional<Rejection> requireTransition(ExecutionCommand c, ExecutionAction action) {
        if (status == ExecutionStatus.NOT_STARTED) {
            return Optional.of(new Rejection.NotFound(AGGREGATE, c.executionId()));
        }
        if (!ExecutionStateMachine.allows(status, action)) {
            return Optional.of(new Rejection.IllegalTransition(AGGREGATE, executionId, status.name(), action.label(),
                    ExecutionStateMachine.describeWayOut(status)));
        }
        return Optional.empty();
    }

    private Optional<Rejection> requirePhase(String phaseId) {
        if (currentPhase == null) {
            return Optional.of(new Rejection.RuleViolated("no-phase-in-progress",
                    "no phase of execution '" + executionId + "' is running; start phase '" + phaseId + "' first"));
        }
        if (!currentPhase.phaseId().equals(phaseId)) {
            return Optional.of(new Rejection.RuleViolated("other-phase-in-progress", "phase '"
                    + currentPhase.phaseId() + "' is running in execution '" + executionId + "', not '" + phaseId + "'"));
        }
        return Optional.empty();
    }

    private String phaseIdInProgress() {
        return currentPhase == null ? null : currentPhase.phaseId();
    }

    private String workspaceInProgress() {
        return currentPhase == null ? null : currentPhase.workspaceId();
    }

    private static Result<List<ExecutionEvent>, Rejection> orElse(
            Optional<Rejection> rejection, java.util.function.Supplier<Result<List<ExecutionEvent>, Rejection>> then) {
        return rejection.isPresent() ? reject(rejection.get()) : then.get();
    }

    // ---- evolve ----

    @Override
    public WorkflowExecution evolve(ExecutionEvent event) {
        Draft next = new Draft(this);
        switch (event) {
            case ExecutionStarted e -> {
                next.executionId = e.executionId();
                next.templateId = e.templateId();
                next.status = move(ExecutionAction.START);
                next.phases = e.phases();
                next.attempt = 1;
            }
            case PhaseStarted e -> next.currentPhase = PhaseResult.started(e.phaseId(), e.at());
            case WorkspaceProvisionedForPhase e -> next.currentPhase = currentPhase.withWorkspace(e.workspaceId());
            case AgentExecutionCompleted e -> {
                next.currentPhase = currentPhase.withAgent(e.sessionId(), e.succeeded(), e.tokens(), e.costUsd());
                next.tokens = tokens.plus(e.tokens());
                next.costUsd = costUsd.add(e.costUsd());
            }
            case ArtifactsCollectedForPhase e -> {
                next.currentPhase = currentPhase.withArtifacts(e.artifactIds());
                next.artifactIds = concat(artifactIds, e.artifactIds());
            }
            case PhaseCompleted e -> {
                next.completedPhases = concat(completedPhases, List.of(currentPhase.completedAt(e.at())));
                next.currentPhase = null;
            }
            case NextPhaseReady e -> {
                // informational: the plan already says which phase is next
            }
            case ExecutionCompleted e -> {
                next.status = move(ExecutionAction.FINISH);
                next.pauseRequested = false;
            }
            case ExecutionFailed e -> {
                next.status = move(ExecutionAction.ERROR);
                next.error = e.error();
                next.pauseRequested = false;
            }
            case ExecutionPauseRequested e -> {
                next.pauseRequested = true;
                next.pauseReason = e.reason();
            }
            case ExecutionPaused e -> {
                next.status = move(ExecutionAction.PAUSE);
                next.pauseRequested = false;
            }
            case ExecutionResumed e -> {
                next.status = move(ExecutionAction.RESUME);
                next.pauseReason = null;
            }
            case ExecutionCancelled e -> {
                next.status = move(ExecutionAction.CANCEL);
                next.cancelReason = e.reason();
                next.pauseRequested = false;
            }
            case ExecutionInterrupted e -> {
                next.status = move(ExecutionAction.INTERRUPT);
                next.interruptReason = e.reason();
                next.pauseRequested = false;
            }
            case ExecutionRetried e -> {
                next.status = move(ExecutionAction.RETRY);
                next.attempt = e.attempt();
                next.currentPhase = null;
                next.interruptReason = null;
            }
        }
        return next.build();
    }

    /** Events are facts already decided; one the machine does not allow means the stream is corrupt. */
    private ExecutionStatus move(ExecutionAction action) {
        return ExecutionStateMachine.target(status, action).orElseThrow(() -> new IllegalStateException(
                "event stream of execution '" + executionId + "' holds " + action.label() + " from " + status));
    }

    private static <T> List<T> concat(List<T> head, List<T> tail) {
        var all = new ArrayList<T>(head.size() + tail.size());
        all.addAll(head);
        all.addAll(tail);
        return all;
    }

    /** A mutable copy for evolve, so each case names only the fields it changes. */
    private static final class Draft {
        String executionId;
        String templateId;
        ExecutionStatus status;
        List<PlannedPhase> phases;
        List<PhaseResult> completedPhases;
        PhaseResult currentPhase;
        TokenUsage tokens;
        BigDecimal costUsd;
        List<String> artifactIds;
        boolean pauseRequested;
        String pauseReason;
        int attempt;
        String error;
        String cancelReason;
        String interruptReason;

        Draft(WorkflowExecution s) {
            executionId = s.executionId;
            templateId = s.templateId;
            status = s.status;
            phases = s.phases;
            completedPhases = s.completedPhases;
            currentPhase = s.currentPhase;
            tokens = s.tokens;
            costUsd = s.costUsd;
            artifactIds = s.artifactIds;
            pauseRequested = s.pauseRequested;
            pauseReason = s.pauseReason;
            attempt = s.attempt;
            error = s.error;
            cancelReason = s.cancelReason;
            interruptReason = s.interruptReason;
        }

        WorkflowExecution build() {
            return new WorkflowExecution(executionId, templateId, status, phases, completedPhases, currentPhase, tokens,
                    costUsd, artifactIds, pauseRequested, pauseReason, attempt, error, cancelReason, interruptReason);
        }
    }
}
