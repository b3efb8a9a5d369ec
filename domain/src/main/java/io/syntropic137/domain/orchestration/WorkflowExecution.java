package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.orchestration.ExecutionCommand.ApprovePhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.CancelExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.QueueExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.RejectPhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.RequestApproval;
import io.syntropic137.domain.orchestration.ExecutionCommand.RetryPhase;
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
import io.syntropic137.domain.orchestration.ExecutionEvent.ApprovalRequested;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionQueued;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseApproved;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseAttemptFailed;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseRejected;
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
import java.util.OptionalInt;

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
 * <p>Phases run in groups of equal order: a group's phases may run at the same time (only parallel phases share
 * an order), and the next group starts once every phase of the current one completed. A failed phase attempt may
 * be retried ({@link RetryPhase}); an approval phase pauses the run until {@link ApprovePhase} or
 * {@link RejectPhase}. A queued run ({@link QueueExecution}) stays NOT_STARTED until it is started.
 *
 * @param phases          the plan, ordered by phase order
 * @param completedPhases results of the phases done so far, in completion order
 * @param runningPhases   the phases in progress (also while paused mid-phase), in start order
 * @param tokens          token totals over every agent run, including discarded attempts; never decreases
 * @param attempt         1 for the first run, +1 per retry
 * @param failedAttempts  per phase, how many of its attempts failed in this run attempt
 * @param awaitingApproval the approval phase the run is paused at, or null
 * @param queuedPlan      while accepted and waiting for a slot (status NOT_STARTED): the plan it was queued with
 */
public record WorkflowExecution(String executionId, String templateId, ExecutionStatus status,
                                List<PlannedPhase> phases, List<PhaseResult> completedPhases,
                                List<PhaseResult> runningPhases, TokenUsage tokens, BigDecimal costUsd,
                                List<String> artifactIds, boolean pauseRequested, String pauseReason, int attempt,
                                String error, String cancelReason, String interruptReason,
                                Map<String, Integer> failedAttempts, String awaitingApproval,
                                ExecutionQueued queuedPlan)
        implements Aggregate<WorkflowExecution, ExecutionCommand, ExecutionEvent> {

    public static final WorkflowExecution NOT_STARTED = new WorkflowExecution(null, null, ExecutionStatus.NOT_STARTED,
            List.of(), List.of(), List.of(), TokenUsage.NONE, BigDecimal.ZERO, List.of(), false, null, 0, null, null,
            null, Map.of(), null, null);

    public static final AggregateType<WorkflowExecution, ExecutionCommand, ExecutionEvent> TYPE = new AggregateType<>(
            "execution", NOT_STARTED, WorkflowExecution.class, ExecutionCommand.class, ExecutionEvent.class);

    private static final String AGGREGATE = "execution";

    public WorkflowExecution {
        phases = List.copyOf(phases);
        completedPhases = List.copyOf(completedPhases);
        artifactIds = List.copyOf(artifactIds);
        runningPhases = List.copyOf(runningPhases);
        failedAttempts = Map.copyOf(failedAttempts);
    }

    /** Accepted and waiting for a slot. */
    public boolean queued() {
        return queuedPlan != null;
    }

    /** The first phase in progress, or null: enough for plans without parallel phases. */
    public PhaseResult currentPhase() {
        return runningPhases.isEmpty() ? null : runningPhases.getFirst();
    }

    public Optional<PhaseResult> running(String phaseId) {
        return runningPhases.stream().filter(p -> p.phaseId().equals(phaseId)).findFirst();
    }

    public boolean isCompleted(String phaseId) {
        return completedPhases.stream().anyMatch(p -> p.phaseId().equals(phaseId));
    }

    /** The phases of the current group (the lowest order not yet completed); empty when all are done. */
    public List<PlannedPhase> currentGroup() {
        OptionalInt order = phases.stream().filter(p -> !isCompleted(p.phaseId())).mapToInt(PlannedPhase::order).min();
        return order.isEmpty() ? List.of()
                : phases.stream().filter(p -> p.order() == order.getAsInt()).toList();
    }

    /** Phases of the current group that may start now: neither running nor completed. */
    public List<PlannedPhase> startablePhases() {
        return currentGroup().stream().filter(p -> !isCompleted(p.phaseId()) && running(p.phaseId()).isEmpty())
                .toList();
    }

    /** The first phase not completed yet, if any is left. */
    public Optional<PlannedPhase> nextPhase() {
        return phases.stream().filter(p -> !isCompleted(p.phaseId())).findFirst();
    }

    /** How many attempts of {@code phaseId} failed so far in this run attempt. */
    public int failedAttemptsOf(String phaseId) {
        return failedAttempts.getOrDefault(phaseId, 0);
    }

    // ---- decide ----

    @Override
    public Result<List<ExecutionEvent>, Rejection> decide(ExecutionCommand command) {
        return switch (command) {
            case QueueExecution c -> queue(c);
            case StartExecution c -> start(c);
            case StartPhase c -> orElse(requireActive(c, "start a phase of"), () -> startPhase(c));
            case RecordWorkspaceProvisioned c ->
                    orElse(requireUnfinished(c, "record a workspace for"), () -> recordWorkspace(c));
            case RecordAgentCompleted c ->
                    orElse(requireUnfinished(c, "record an agent result for"), () -> recordAgent(c));
            case RecordArtifactsCollected c ->
                    orElse(requireUnfinished(c, "record artifacts for"), () -> recordArtifacts(c));
            case CompletePhase c -> orElse(requireUnfinished(c, "complete a phase of"), () -> completePhase(c));
            case RetryPhase c -> orElse(requireUnfinished(c, "retry a phase of"), () -> retryPhase(c));
            case RequestApproval c -> orElse(requireActive(c, "request an approval in"), () -> requestApproval(c));
            case ApprovePhase c -> orElse(requireApprovalPending(c, c.phaseId()), () -> approve(c));
            case RejectPhase c -> orElse(requireApprovalPending(c, c.phaseId()), () -> rejectPhase(c));
            case CompleteExecution c -> orElse(requireTransition(c, ExecutionAction.FINISH), () -> complete(c));
            case FailExecution c -> orElse(requireTransition(c, ExecutionAction.ERROR), () -> fail(c));
            // a queued run takes the request too: it then pauses at its first yield point, before its first phase
            case PauseExecution c -> queued() && status == ExecutionStatus.NOT_STARTED ? requestPause(c)
                    : orElse(requireTransition(c, ExecutionAction.PAUSE), () -> requestPause(c));
            case ReachYieldPoint c -> status == ExecutionStatus.PAUSED ? nothingToRecord()
                    : orElse(requireActive(c, "reach a yield point in"), () -> yieldPoint(c));
            case ResumeExecution c -> orElse(requireTransition(c, ExecutionAction.RESUME), () -> resume(c));
            case CancelExecution c -> queued() && status == ExecutionStatus.NOT_STARTED ? cancelQueued(c)
                    : orElse(requireTransition(c, ExecutionAction.CANCEL), () -> cancel(c));
            case InterruptExecution c -> orElse(requireTransition(c, ExecutionAction.INTERRUPT), () -> interrupt(c));
            case RetryExecution c -> orElse(requireTransition(c, ExecutionAction.RETRY), () -> accept(
                    new ExecutionRetried(executionId, attempt + 1, nextPhase().map(PlannedPhase::phaseId).orElse(null),
                            phaseIdInProgress(), c.at())));
        };
    }

    private Result<List<ExecutionEvent>, Rejection> queue(QueueExecution c) {
        if (status != ExecutionStatus.NOT_STARTED || queued()) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, c.executionId()));
        }
        Optional<Rejection> problem = checkPlan(c.executionId(), c.templateId(), c.phases(), c.at());
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        return accept(new ExecutionQueued(c.executionId(), c.templateId(), ordered(c.phases()), definitions(c.definitions()),
                settings(c.settings()), c.task() == null ? "" : c.task(), c.inputs() == null ? Map.of() : Map.copyOf(c.inputs()),
                c.repos() == null ? List.of() : List.copyOf(c.repos()), c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> start(StartExecution c) {
        if (status != ExecutionStatus.NOT_STARTED) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, c.executionId()));
        }
        if (queued()) {
            return c.at() == null ? reject(new Rejection.InvalidInput("at", "is required"))
                    : accept(startQueued(c.at()));
        }
        Optional<Rejection> problem = checkPlan(c.executionId(), c.templateId(), c.phases(), c.at());
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        return accept(new ExecutionStarted(c.executionId(), c.templateId(), ordered(c.phases()), definitions(c.definitions()),
                settings(c.settings()), c.task() == null ? "" : c.task(),
                c.inputs() == null ? Map.of() : Map.copyOf(c.inputs()), c.repos() == null ? List.of() : List.copyOf(c.repos()),
                c.at()));
    }

    private ExecutionStarted startQueued(java.time.Instant at) {
        ExecutionQueued plan = queuedPlan;
        return new ExecutionStarted(executionId, templateId, plan.phases(), plan.definitions(), plan.settings(),
                plan.task(), plan.inputs(), plan.repos(), at);
    }

    private Result<List<ExecutionEvent>, Rejection> cancelQueued(CancelExecution c) {
        // the seed's machine has no edge from NOT_STARTED to CANCELLED: a queued run is started and cancelled at once
        return accept(startQueued(c.at()), new ExecutionCancelled(executionId, null,
                c.reason() == null || c.reason().isBlank() ? "cancelled while queued" : c.reason(), c.at()));
    }

    private static Optional<Rejection> checkPlan(String executionId, String templateId, List<PlannedPhase> phases,
                                                 java.time.Instant at) {
        return Checks.firstProblem(
                Checks.id("executionId", executionId),
                Checks.id("templateId", templateId),
                Checks.present("at", at),
                Checks.present("phases", phases),
                phases == null || !phases.isEmpty() ? Optional.empty()
                        : Checks.problem("phases", "an execution needs at least one phase"),
                phases == null ? Optional.empty() : Checks.unique("phases", phases, PlannedPhase::phaseId),
                phases == null ? Optional.empty() : sharedOrders(phases),
                phases == null ? Optional.empty() : phaseIds(phases));
    }

    private static Optional<Rejection> sharedOrders(List<PlannedPhase> phases) {
        var seen = new java.util.HashMap<Integer, PlannedPhase>();
        for (PlannedPhase phase : phases) {
            PlannedPhase other = seen.putIfAbsent(phase.order(), phase);
            if (other != null && (phase.kind() != PhaseKind.PARALLEL || other.kind() != PhaseKind.PARALLEL)) {
                return Checks.problem("phases", "phases '" + other.phaseId() + "' and '" + phase.phaseId()
                        + "' share order " + phase.order() + "; only parallel phases may share an order");
            }
        }
        return Optional.empty();
    }

    private static List<PlannedPhase> ordered(List<PlannedPhase> phases) {
        return phases.stream().sorted(Comparator.comparingInt(PlannedPhase::order)).toList();
    }

    private static List<PhaseDefinition> definitions(List<PhaseDefinition> definitions) {
        return definitions == null ? List.of() : List.copyOf(definitions);
    }

    private static WorkflowSettings settings(WorkflowSettings settings) {
        return settings == null ? WorkflowSettings.DEFAULTS : settings;
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
        Optional<Rejection> problem = startable(c.phaseId(), false);
        return problem.isPresent() ? reject(problem.get())
                : accept(new PhaseStarted(executionId, c.phaseId(), attempt, c.at()));
    }

    /** Why {@code phaseId} cannot start now, if it cannot. */
    private Optional<Rejection> startable(String phaseId, boolean approval) {
        if (running(phaseId).isPresent()) {
            return Optional.of(new Rejection.RuleViolated("phase-in-progress", "phase '" + phaseId
                    + "' of execution '" + executionId + "' is already running"));
        }
        List<PlannedPhase> group = currentGroup();
        if (group.isEmpty()) {
            return Optional.of(new Rejection.RuleViolated("no-phase-left",
                    "every phase of execution '" + executionId + "' is complete; complete the execution instead"));
        }
        Optional<PlannedPhase> phase = group.stream().filter(p -> p.phaseId().equals(phaseId)).findFirst();
        if (phase.isEmpty() || isCompleted(phaseId)) {
            String others = runningPhases.isEmpty() ? "" : "; running now: "
                    + runningPhases.stream().map(PhaseResult::phaseId).toList();
            return Optional.of(new Rejection.RuleViolated("phase-out-of-order", "phase '" + phaseId
                    + "' cannot start now: phases run in order and the current group is "
                    + group.stream().filter(p -> !isCompleted(p.phaseId())).map(PlannedPhase::phaseId).toList() + others));
        }
        boolean isApproval = phase.get().kind() == PhaseKind.APPROVAL;
        if (isApproval != approval) {
            return Optional.of(new Rejection.RuleViolated(isApproval ? "approval-phase" : "not-an-approval-phase",
                    isApproval ? "phase '" + phaseId + "' is an approval phase; request its approval instead of starting it"
                            : "phase '" + phaseId + "' runs an agent; start it instead of requesting an approval"));
        }
        return Optional.empty();
    }

    private Result<List<ExecutionEvent>, Rejection> requestApproval(RequestApproval c) {
        if (pauseRequested) {
            return reject(new Rejection.RuleViolated("pause-pending", "a pause of execution '" + executionId
                    + "' is pending; report the yield point before phase '" + c.phaseId() + "' instead"));
        }
        Optional<Rejection> problem = startable(c.phaseId(), true);
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        return accept(new PhaseStarted(executionId, c.phaseId(), attempt, c.at()),
                new ApprovalRequested(executionId, c.phaseId(), c.at()),
                new ExecutionPaused(executionId, YieldPoint.BEFORE_PHASE, c.phaseId(),
                        "awaiting approval of phase '" + c.phaseId() + "'", c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> approve(ApprovePhase c) {
        List<ExecutionEvent> events = new ArrayList<>();
        events.add(new ExecutionResumed(executionId, c.phaseId(), null, c.at()));
        events.add(new PhaseApproved(executionId, c.phaseId(), c.approvedBy(), c.comment(), c.at()));
        events.add(new PhaseCompleted(executionId, c.phaseId(), TokenUsage.NONE, BigDecimal.ZERO, List.of(), c.at()));
        nextGroupAfter(c.phaseId()).ifPresent(next -> events.add(new NextPhaseReady(executionId, next, c.at())));
        return Result.ok(List.copyOf(events));
    }

    private Result<List<ExecutionEvent>, Rejection> rejectPhase(RejectPhase c) {
        String reason = c.reason() == null || c.reason().isBlank() ? "rejected" : c.reason();
        return accept(new ExecutionResumed(executionId, c.phaseId(), null, c.at()),
                new PhaseRejected(executionId, c.phaseId(), c.rejectedBy(), reason, c.at()),
                new ExecutionFailed(executionId, c.phaseId(), "phase '" + c.phaseId() + "' was rejected"
                        + (c.rejectedBy() == null ? "" : " by " + c.rejectedBy()) + ": " + reason, c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> resume(ResumeExecution c) {
        if (awaitingApproval != null) {
            return reject(new Rejection.RuleViolated("approval-pending", "execution '" + executionId
                    + "' waits for the approval of phase '" + awaitingApproval + "'; approve or reject it"));
        }
        return accept(new ExecutionResumed(executionId, phaseIdInProgress(), workspaceInProgress(), c.at()));
    }

    private Optional<Rejection> requireApprovalPending(ExecutionCommand c, String phaseId) {
        if (status == ExecutionStatus.NOT_STARTED) {
            return Optional.of(new Rejection.NotFound(AGGREGATE, c.executionId()));
        }
        if (awaitingApproval == null) {
            return Optional.of(new Rejection.RuleViolated("no-approval-pending", "execution '" + executionId
                    + "' (" + status + ") waits for no approval"));
        }
        if (!awaitingApproval.equals(phaseId)) {
            return Optional.of(new Rejection.RuleViolated("other-approval-pending", "execution '" + executionId
                    + "' waits for the approval of phase '" + awaitingApproval + "', not '" + phaseId + "'"));
        }
        return Optional.empty();
    }

    /** The first phase of the next group, if completing {@code phaseId} finishes the current group. */
    private Optional<String> nextGroupAfter(String phaseId) {
        List<PlannedPhase> group = currentGroup();
        boolean groupDone = group.stream().allMatch(p -> p.phaseId().equals(phaseId) || isCompleted(p.phaseId()));
        if (!groupDone || group.isEmpty()) {
            return Optional.empty();
        }
        int order = group.getFirst().order();
        return phases.stream().filter(p -> p.order() > order).map(PlannedPhase::phaseId).findFirst();
    }

    private Result<List<ExecutionEvent>, Rejection> retryPhase(RetryPhase c) {
        Optional<Rejection> problem = Checks.firstProblem(requirePhase(c.phaseId()), Checks.notBlank("error", c.error()));
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        PhaseResult phase = running(c.phaseId()).orElseThrow();
        if (phase.agentCompleted() && phase.agentSucceeded()) {
            return reject(new Rejection.RuleViolated("agent-succeeded", "the agent of phase '" + c.phaseId()
                    + "' succeeded; complete the phase instead of retrying it"));
        }
        return accept(new PhaseAttemptFailed(executionId, c.phaseId(), failedAttemptsOf(c.phaseId()) + 1, c.error(),
                c.at()));
    }

    private Result<List<ExecutionEvent>, Rejection> recordWorkspace(RecordWorkspaceProvisioned c) {
        Optional<Rejection> problem = Checks.firstProblem(requirePhase(c.phaseId()), Checks.id("workspaceId", c.workspaceId()));
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        PhaseResult phase = running(c.phaseId()).orElseThrow();
        if (phase.workspaceId() != null) {
            return reject(new Rejection.RuleViolated("workspace-already-provisioned", "phase '" + c.phaseId()
                    + "' already runs in workspace '" + phase.workspaceId() + "'"));
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
        if (running(c.phaseId()).orElseThrow().agentCompleted()) {
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
        PhaseResult phase = running(c.phaseId()).orElseThrow();
        if (phase.agentCompleted() && !phase.agentSucceeded()) {
            return reject(new Rejection.RuleViolated("agent-failed", "the agent of phase '" + c.phaseId()
                    + "' failed; retry the phase, or fail or interrupt the execution instead of completing it"));
        }
        var completed = new PhaseCompleted(executionId, c.phaseId(), phase.tokens(), phase.costUsd(),
                phase.artifactIds(), c.at());
        Optional<String> next = nextGroupAfter(c.phaseId());
        return next.isPresent() ? accept(completed, new NextPhaseReady(executionId, next.get(), c.at()))
                : accept(completed);
    }

    private Result<List<ExecutionEvent>, Rejection> complete(CompleteExecution c) {
        if (!runningPhases.isEmpty()) {
            return reject(new Rejection.RuleViolated("phase-in-progress", "phase '" + currentPhase().phaseId()
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

    /** Bookkeeping of work already under way (results, artifacts) is recorded while RUNNING or PAUSED. */
    private Optional<Rejection> requireUnfinished(ExecutionCommand c, String activity) {
        if (status == ExecutionStatus.PAUSED) {
            return Optional.empty();
        }
        return requireActive(c, activity);
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
        if (runningPhases.isEmpty()) {
            return Optional.of(new Rejection.RuleViolated("no-phase-in-progress",
                    "no phase of execution '" + executionId + "' is running; start phase '" + phaseId + "' first"));
        }
        if (running(phaseId).isEmpty()) {
            return Optional.of(new Rejection.RuleViolated("other-phase-in-progress", "phase '"
                    + currentPhase().phaseId() + "' is running in execution '" + executionId + "', not '" + phaseId + "'"));
        }
        return Optional.empty();
    }

    private String phaseIdInProgress() {
        return runningPhases.isEmpty() ? null : currentPhase().phaseId();
    }

    private String workspaceInProgress() {
        return runningPhases.isEmpty() ? null : currentPhase().workspaceId();
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
            case ExecutionQueued e -> {
                next.executionId = e.executionId();
                next.templateId = e.templateId();
                next.phases = e.phases();
                next.queuedPlan = e;
            }
            case ExecutionStarted e -> {
                next.executionId = e.executionId();
                next.templateId = e.templateId();
                next.status = move(ExecutionAction.START);
                next.phases = e.phases();
                next.attempt = 1;
                next.queuedPlan = null;
            }
            case PhaseStarted e -> next.runningPhases = concat(runningPhases, List.of(PhaseResult.started(e.phaseId(), e.at())));
            case WorkspaceProvisionedForPhase e -> next.runningPhases = update(e.phaseId(), p -> p.withWorkspace(e.workspaceId()));
            case AgentExecutionCompleted e -> {
                next.runningPhases = update(e.phaseId(), p -> p.withAgent(e.sessionId(), e.succeeded(), e.tokens(), e.costUsd()));
                next.tokens = tokens.plus(e.tokens());
                next.costUsd = costUsd.add(e.costUsd());
            }
            case ArtifactsCollectedForPhase e -> {
                next.runningPhases = update(e.phaseId(), p -> p.withArtifacts(e.artifactIds()));
                next.artifactIds = concat(artifactIds, e.artifactIds());
            }
            case PhaseCompleted e -> {
                PhaseResult done = running(e.phaseId()).orElseGet(() -> PhaseResult.started(e.phaseId(), e.at()));
                next.completedPhases = concat(completedPhases, List.of(done.completedAt(e.at())));
                next.runningPhases = without(e.phaseId());
            }
            case PhaseAttemptFailed e -> {
                next.runningPhases = without(e.phaseId());
                var failures = new java.util.HashMap<>(failedAttempts);
                failures.put(e.phaseId(), e.failedAttempt());
                next.failedAttempts = failures;
            }
            case ApprovalRequested e -> next.awaitingApproval = e.phaseId();
            case PhaseApproved e -> next.awaitingApproval = null;
            case PhaseRejected e -> next.awaitingApproval = null;
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
                next.pauseReason = e.reason();
            }
            case ExecutionResumed e -> {
                next.status = move(ExecutionAction.RESUME);
                next.pauseReason = null;
            }
            case ExecutionCancelled e -> {
                next.status = move(ExecutionAction.CANCEL);
                next.cancelReason = e.reason();
                next.pauseRequested = false;
                next.awaitingApproval = null;
            }
            case ExecutionInterrupted e -> {
                next.status = move(ExecutionAction.INTERRUPT);
                next.interruptReason = e.reason();
                next.pauseRequested = false;
            }
            case ExecutionRetried e -> {
                next.status = move(ExecutionAction.RETRY);
                next.attempt = e.attempt();
                next.runningPhases = List.of();
                next.failedAttempts = Map.of();
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

    private List<PhaseResult> update(String phaseId, java.util.function.UnaryOperator<PhaseResult> change) {
        return runningPhases.stream().map(p -> p.phaseId().equals(phaseId) ? change.apply(p) : p).toList();
    }

    private List<PhaseResult> without(String phaseId) {
        return runningPhases.stream().filter(p -> !p.phaseId().equals(phaseId)).toList();
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
        List<PhaseResult> runningPhases;
        TokenUsage tokens;
        BigDecimal costUsd;
        List<String> artifactIds;
        boolean pauseRequested;
        String pauseReason;
        int attempt;
        String error;
        String cancelReason;
        String interruptReason;
        Map<String, Integer> failedAttempts;
        String awaitingApproval;
        ExecutionQueued queuedPlan;

        Draft(WorkflowExecution s) {
            executionId = s.executionId;
            templateId = s.templateId;
            status = s.status;
            phases = s.phases;
            completedPhases = s.completedPhases;
            runningPhases = s.runningPhases;
            tokens = s.tokens;
            costUsd = s.costUsd;
            artifactIds = s.artifactIds;
            pauseRequested = s.pauseRequested;
            pauseReason = s.pauseReason;
            attempt = s.attempt;
            error = s.error;
            cancelReason = s.cancelReason;
            interruptReason = s.interruptReason;
            failedAttempts = s.failedAttempts;
            awaitingApproval = s.awaitingApproval;
            queuedPlan = s.queuedPlan;
        }

        WorkflowExecution build() {
            return new WorkflowExecution(executionId, templateId, status, phases, completedPhases, runningPhases, tokens,
                    costUsd, artifactIds, pauseRequested, pauseReason, attempt, error, cancelReason, interruptReason,
                    failedAttempts, awaitingApproval, queuedPlan);
        }
    }
}
