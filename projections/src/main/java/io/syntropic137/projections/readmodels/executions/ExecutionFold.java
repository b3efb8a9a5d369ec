package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.orchestration.ExecutionEvent;
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
import io.syntropic137.domain.orchestration.ExecutionStateMachine;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.PlannedPhase;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.support.DomainProjection;
import io.syntropic137.projections.readmodels.support.Rows;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One page of execution events folded into the executions projection's rows. */
final class ExecutionFold implements DomainProjection.Fold {
    private final Rows<String, ExecutionTable.Row> executions;
    private final Rows<PhaseTable.Key, PhaseTable.Row> phases;
    private final Rows<RepoExecutionTable.Key, RepoExecutionTable.Row> repoRuns;
    private final Rows<String, RepoHealthTable.Row> health;
    private final Rows<String, WorkflowRunsTable.Row> workflowRuns;
    private final Rows<PhaseMetricsTable.Key, PhaseMetricsTable.Row> phaseMetrics;

    ExecutionFold(ProjectionTables tables, Connection c) {
        executions = ExecutionTable.INSTANCE.rows(tables, c);
        phases = PhaseTable.INSTANCE.rows(tables, c);
        repoRuns = RepoExecutionTable.INSTANCE.rows(tables, c);
        health = RepoHealthTable.INSTANCE.rows(tables, c);
        workflowRuns = WorkflowRunsTable.INSTANCE.rows(tables, c);
        phaseMetrics = PhaseMetricsTable.INSTANCE.rows(tables, c);
    }

    @Override
    public void apply(DomainEvent domainEvent, RecordedEvent recorded) throws SQLException {
        ExecutionEvent event = (ExecutionEvent) domainEvent;
        if (event instanceof ExecutionStarted started) {
            start(started); // replaces the row a queued run had
            return;
        }
        if (event instanceof ExecutionQueued queued) {
            queue(queued);
            return;
        }
        ExecutionTable.Row execution = executions.find(event.executionId()).orElseThrow(() -> new IllegalStateException(
                "execution " + event.executionId() + " has " + recorded.type() + " at " + recorded.position() + " before it started"));
        executions.put(execution.executionId, execution);
        execution.updatedAt = event.at();
        switch (event) {
            case ExecutionStarted e -> throw new IllegalStateException("handled above");
            case ExecutionQueued e -> throw new IllegalStateException("handled above");
            case PhaseAttemptFailed e -> {
                PhaseTable.Row phase = phase(execution, e.phaseId());
                phase.status = PhaseStatus.PENDING;
                phase.error = "attempt " + e.failedAttempt() + " failed: " + e.error();
                execution.currentPhaseId = null;
            }
            case ApprovalRequested e -> {
                // the ExecutionPaused that follows carries the visible state (paused, awaiting approval)
            }
            case PhaseApproved e -> {
                // the PhaseCompleted that follows records the gate as done
            }
            case PhaseRejected e -> phase(execution, e.phaseId()).error = "rejected"
                    + (e.rejectedBy() == null ? "" : " by " + e.rejectedBy()) + ": " + e.reason();
            case PhaseStarted e -> startPhase(execution, e);
            case WorkspaceProvisionedForPhase e -> phase(execution, e.phaseId()).workspaceId = e.workspaceId();
            case AgentExecutionCompleted e -> agentCompleted(execution, e);
            case ArtifactsCollectedForPhase e -> {
                PhaseTable.Row phase = phase(execution, e.phaseId());
                List<String> ids = new ArrayList<>(phase.artifactIds);
                ids.addAll(e.artifactIds());
                phase.artifactIds = ids;
                execution.artifactCount += e.artifactIds().size();
            }
            case PhaseCompleted e -> completePhase(execution, e);
            case NextPhaseReady e -> {
                // the plan already says which phase is next; only updatedAt moves
            }
            case ExecutionCompleted e -> {
                execution.pauseRequested = false;
                moveTo(execution, ExecutionStatus.COMPLETED, e.at());
            }
            case ExecutionFailed e -> {
                execution.error = e.error();
                execution.pauseRequested = false;
                endPhase(execution, e.phaseId(), PhaseStatus.FAILED);
                moveTo(execution, ExecutionStatus.FAILED, e.at());
            }
            case ExecutionPauseRequested e -> {
                execution.pauseRequested = true;
                execution.pauseReason = e.reason();
            }
            case ExecutionPaused e -> {
                execution.pauseRequested = false;
                execution.pauseReason = e.reason();
                execution.yieldPoint = e.yieldPoint();
                moveTo(execution, ExecutionStatus.PAUSED, e.at());
            }
            case ExecutionResumed e -> {
                execution.pauseReason = null;
                execution.yieldPoint = null;
                moveTo(execution, ExecutionStatus.RUNNING, e.at());
            }
            case ExecutionCancelled e -> {
                execution.cancelReason = e.reason();
                execution.pauseRequested = false;
                endPhase(execution, e.phaseId(), PhaseStatus.CANCELLED);
                moveTo(execution, ExecutionStatus.CANCELLED, e.at());
            }
            case ExecutionInterrupted e -> {
                execution.interruptReason = e.reason();
                execution.pauseRequested = false;
                endPhase(execution, e.phaseId(), PhaseStatus.INTERRUPTED);
                moveTo(execution, ExecutionStatus.INTERRUPTED, e.at());
            }
            case ExecutionRetried e -> retry(execution, e);
        }
    }

    private void start(ExecutionStarted e) throws SQLException {
        ExecutionTable.Row r = planRows(e.executionId(), e.templateId(), ExecutionStatus.RUNNING, 1, e.task(), e.repos(),
                e.inputs(), e.phases(), e.at());
        for (String repo : r.repos) {
            RepoExecutionTable.Row run = new RepoExecutionTable.Row();
            run.repo = repo;
            run.executionId = r.executionId;
            run.templateId = r.templateId;
            run.status = r.status;
            run.startedAt = e.at();
            repoRuns.put(new RepoExecutionTable.Key(repo, r.executionId), run);
            RepoHealthTable.Row h = health.getOrCreate(repo, () -> {
                RepoHealthTable.Row fresh = new RepoHealthTable.Row();
                fresh.repo = repo;
                return fresh;
            });
            h.counts.count(ExecutionStatus.RUNNING);
            h.lastExecutionId = r.executionId;
            h.lastStatus = r.status;
            h.lastRunAt = e.at();
        }
        for (WorkflowRunsTable.Row w : workflowRows(r.templateId)) {
            w.counts.count(ExecutionStatus.RUNNING);
            w.running++;
            w.lastExecutionId = r.executionId;
            w.lastRunAt = e.at();
        }
    }

    /** A queued run is listed (status NOT_STARTED) before it starts; its counts move when it starts. */
    private void queue(ExecutionQueued e) throws SQLException {
        // startedAt holds when it was accepted until the start replaces the row with the start time
        planRows(e.executionId(), e.templateId(), ExecutionStatus.NOT_STARTED, 0, e.task(), e.repos(), e.inputs(),
                e.phases(), e.at());
    }

    /** The execution's row and one pending row per planned phase, as a queued or started run has them. */
    private ExecutionTable.Row planRows(String executionId, String templateId, ExecutionStatus status, int attempt,
                                        String task, List<String> repos, java.util.Map<String, String> inputs,
                                        List<PlannedPhase> planned, Instant at) throws SQLException {
        ExecutionTable.Row r = new ExecutionTable.Row();
        r.executionId = executionId;
        r.templateId = templateId;
        r.status = status;
        r.task = task;
        r.repos = List.copyOf(repos);
        r.inputs = inputs;
        r.phaseCount = planned.size();
        r.attempt = attempt;
        r.startedAt = at;
        r.updatedAt = at;
        executions.put(r.executionId, r);
        for (PlannedPhase plannedPhase : planned) {
            PhaseTable.Row phase = new PhaseTable.Row();
            phase.executionId = executionId;
            phase.phaseId = plannedPhase.phaseId();
            phase.name = plannedPhase.name();
            phase.order = plannedPhase.order();
            phases.put(new PhaseTable.Key(executionId, plannedPhase.phaseId()), phase);
        }
        return r;
    }

    private void startPhase(ExecutionTable.Row execution, PhaseStarted e) throws SQLException {
        PhaseTable.Row phase = phase(execution, e.phaseId());
        phase.status = PhaseStatus.RUNNING;
        phase.attempts++;
        phase.startedAt = e.at();
        phase.completedAt = null;
        phase.durationMs = null;
        phase.workspaceId = null;
        phase.sessionId = null;
        phase.agentSucceeded = null;
        phase.error = null;
        execution.currentPhaseId = e.phaseId();
        metrics(execution, phase).started++;
    }

    private void agentCompleted(ExecutionTable.Row execution, AgentExecutionCompleted e) throws SQLException {
        PhaseTable.Row phase = phase(execution, e.phaseId());
        phase.sessionId = e.sessionId();
        phase.agentSucceeded = e.succeeded() ? 1L : 0L;
        phase.error = e.error();
        TokenUsage tokens = e.tokens();
        BigDecimal cost = e.costUsd();
        phase.tokens = phase.tokens.plus(tokens);
        phase.costUsd = phase.costUsd.add(cost);
        execution.tokens = execution.tokens.plus(tokens);
        execution.costUsd = execution.costUsd.add(cost);
        PhaseMetricsTable.Row m = metrics(execution, phase);
        m.tokens = m.tokens.plus(tokens);
        m.costUsd = m.costUsd.add(cost);
        if (!e.succeeded()) {
            m.agentFailures++;
        }
        for (WorkflowRunsTable.Row w : workflowRows(execution.templateId)) {
            w.tokens = w.tokens.plus(tokens);
            w.costUsd = w.costUsd.add(cost);
        }
    }

    private void completePhase(ExecutionTable.Row execution, PhaseCompleted e) throws SQLException {
        PhaseTable.Row phase = phase(execution, e.phaseId());
        phase.status = PhaseStatus.COMPLETED;
        phase.completedAt = e.at();
        phase.durationMs = phase.startedAt == null ? null : Duration.between(phase.startedAt, e.at()).toMillis();
        execution.phasesCompleted++;
        execution.currentPhaseId = null;
        PhaseMetricsTable.Row m = metrics(execution, phase);
        m.completed++;
        if (phase.durationMs != null) {
            m.totalDurationMs += phase.durationMs;
            m.maxDurationMs = Math.max(m.maxDurationMs, phase.durationMs);
        }
    }

    private void retry(ExecutionTable.Row execution, ExecutionRetried e) throws SQLException {
        execution.attempt = e.attempt();
        execution.interruptReason = null;
        execution.currentPhaseId = null;
        if (e.discardedPhaseId() != null) {
            PhaseTable.Row phase = phase(execution, e.discardedPhaseId());
            phase.status = PhaseStatus.PENDING;
            phase.completedAt = null;
            phase.durationMs = null;
        }
        moveTo(execution, ExecutionStatus.RUNNING, e.at());
    }

    private void endPhase(ExecutionTable.Row execution, String phaseId, PhaseStatus status) throws SQLException {
        if (phaseId != null) {
            PhaseTable.Row phase = phase(execution, phaseId);
            phase.status = status;
            phase.completedAt = execution.updatedAt;
        }
    }

    /** A status change, reflected everywhere the status is copied or counted. */
    private void moveTo(ExecutionTable.Row execution, ExecutionStatus to, Instant at) throws SQLException {
        ExecutionStatus from = execution.status;
        execution.status = to;
        execution.finishedAt = ExecutionStateMachine.isTerminal(to) ? at : null;
        for (WorkflowRunsTable.Row w : workflowRows(execution.templateId)) {
            w.running += gauge(from, to, ExecutionStatus.RUNNING);
            w.paused += gauge(from, to, ExecutionStatus.PAUSED);
            if (isOutcome(to)) {
                w.counts.count(to);
            }
        }
        for (String repo : execution.repos) {
            RepoExecutionTable.Key key = new RepoExecutionTable.Key(repo, execution.executionId);
            RepoExecutionTable.Row run = repoRuns.find(key).orElseThrow();
            run.status = to;
            run.finishedAt = execution.finishedAt;
            repoRuns.put(key, run);
            RepoHealthTable.Row h = health.find(repo).orElseThrow();
            if (isOutcome(to)) {
                h.counts.count(to);
            }
            if (execution.executionId.equals(h.lastExecutionId)) {
                h.lastStatus = to;
            }
            health.put(repo, h);
        }
    }

    private static boolean isOutcome(ExecutionStatus status) {
        return status != ExecutionStatus.RUNNING && status != ExecutionStatus.PAUSED;
    }

    private static long gauge(ExecutionStatus from, ExecutionStatus to, ExecutionStatus gauge) {
        return (to == gauge ? 1 : 0) - (from == gauge ? 1 : 0);
    }

    private PhaseTable.Row phase(ExecutionTable.Row execution, String phaseId) throws SQLException {
        PhaseTable.Key key = new PhaseTable.Key(execution.executionId, phaseId);
        PhaseTable.Row phase = phases.find(key).orElseThrow(() -> new IllegalStateException(
                "execution " + execution.executionId + " has no planned phase " + phaseId));
        phases.put(key, phase);
        return phase;
    }

    private PhaseMetricsTable.Row metrics(ExecutionTable.Row execution, PhaseTable.Row phase) throws SQLException {
        return phaseMetrics.getOrCreate(new PhaseMetricsTable.Key(execution.templateId, phase.phaseId), () -> {
            PhaseMetricsTable.Row m = new PhaseMetricsTable.Row();
            m.templateId = execution.templateId;
            m.phaseId = phase.phaseId;
            m.name = phase.name;
            m.order = phase.order;
            return m;
        });
    }

    /** The template's own row and the all-templates row. */
    private List<WorkflowRunsTable.Row> workflowRows(String templateId) throws SQLException {
        List<WorkflowRunsTable.Row> rows = new ArrayList<>(2);
        for (String key : List.of(templateId, WorkflowRunsTable.ALL)) {
            rows.add(workflowRuns.getOrCreate(key, () -> {
                WorkflowRunsTable.Row w = new WorkflowRunsTable.Row();
                w.templateId = key;
                return w;
            }));
        }
        return rows;
    }

    @Override
    public void flush() throws SQLException {
        executions.flush();
        phases.flush();
        repoRuns.flush();
        health.flush();
        workflowRuns.flush();
        phaseMetrics.flush();
    }
}
