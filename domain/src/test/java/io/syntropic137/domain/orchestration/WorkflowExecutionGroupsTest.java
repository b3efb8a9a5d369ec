package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.orchestration.ExecutionCommand.ApprovePhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.CancelExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.CompleteExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.CompletePhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.QueueExecution;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionPauseRequested;
import io.syntropic137.domain.orchestration.ExecutionCommand.PauseExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.RejectPhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.RequestApproval;
import io.syntropic137.domain.orchestration.ExecutionCommand.ResumeExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.RetryPhase;
import io.syntropic137.domain.orchestration.ExecutionCommand.StartExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.StartPhase;
import io.syntropic137.domain.orchestration.ExecutionEvent.AgentExecutionCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.ApprovalRequested;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionCancelled;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionFailed;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionPaused;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionQueued;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionResumed;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionStarted;
import io.syntropic137.domain.orchestration.ExecutionEvent.NextPhaseReady;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseApproved;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseAttemptFailed;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseRejected;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseStarted;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.TokenUsage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Parallel phase groups, phase retries, approval gates and queued runs. */
class WorkflowExecutionGroupsTest {
    private static final String ID = "ex-9";
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);
    private static final List<PlannedPhase> PLAN = List.of(
            new PlannedPhase("research", "Research", 1),
            new PlannedPhase("lint", "Lint", 2, PhaseKind.PARALLEL),
            new PlannedPhase("test", "Test", 2, PhaseKind.PARALLEL),
            new PlannedPhase("gate", "Gate", 3, PhaseKind.APPROVAL),
            new PlannedPhase("ship", "Ship", 4));

    private static ExecutionStarted started() {
        return new ExecutionStarted(ID, "tpl", PLAN, "task", Map.of(), List.of(), T0);
    }

    private static PhaseStarted phaseStarted(String phase) {
        return new PhaseStarted(ID, phase, 1, T0);
    }

    private static PhaseCompleted completed(String phase) {
        return new PhaseCompleted(ID, phase, TokenUsage.NONE, BigDecimal.ZERO, List.of(), T0);
    }

    private static AgentExecutionCompleted agent(String phase, boolean ok) {
        return new AgentExecutionCompleted(ID, phase, "s-" + phase, ok, ok ? null : "exit 1", TokenUsage.NONE,
                BigDecimal.ZERO, T0);
    }

    @Nested
    class ParallelGroups {
        @Test
        void phasesOfOneGroupRunTogetherAndTheNextGroupWaitsForAllOfThem() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("research"), completed("research"), phaseStarted("lint"))
                    .when(new StartPhase(ID, "test", T1)).then(new PhaseStarted(ID, "test", 1, T1))
                    .thenState(s -> assertThat(s.runningPhases()).extracting(PhaseResult::phaseId).containsExactly("lint", "test"));
            given(WorkflowExecution.TYPE, started(), phaseStarted("research"), completed("research"), phaseStarted("lint"))
                    .when(new RequestApproval(ID, "gate", T1)).thenViolates("phase-out-of-order");
            // completing the first of two parallel phases does not announce the next group; the second one does
            given(WorkflowExecution.TYPE, started(), phaseStarted("research"), completed("research"), phaseStarted("lint"),
                    phaseStarted("test"))
                    .when(new CompletePhase(ID, "lint", T1))
                    .then(new PhaseCompleted(ID, "lint", TokenUsage.NONE, BigDecimal.ZERO, List.of(), T1));
            given(WorkflowExecution.TYPE, started(), phaseStarted("research"), completed("research"), phaseStarted("lint"),
                    phaseStarted("test"), completed("lint"))
                    .when(new CompletePhase(ID, "test", T1))
                    .then(new PhaseCompleted(ID, "test", TokenUsage.NONE, BigDecimal.ZERO, List.of(), T1),
                            new NextPhaseReady(ID, "gate", T1));
        }

        @Test
        void onlyParallelPhasesMayShareAnOrder() {
            var plan = List.of(new PlannedPhase("a", "A", 1), new PlannedPhase("b", "B", 1, PhaseKind.PARALLEL));
            given(WorkflowExecution.TYPE).when(new StartExecution(ID, "tpl", plan, "t", Map.of(), List.of(), T0))
                    .thenInvalid("phases");
        }

        @Test
        void theExecutionCompletesOnlyWhenNoPhaseIsRunning() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("research"))
                    .when(new CompleteExecution(ID, T1)).thenViolates("phase-in-progress");
        }
    }

    @Nested
    class PhaseRetries {
        @Test
        void aFailedAttemptIsDroppedAndThePhaseMayStartAgain() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("research"), agent("research", false))
                    .when(new RetryPhase(ID, "research", "exit 1", T1))
                    .then(new PhaseAttemptFailed(ID, "research", 1, "exit 1", T1))
                    .thenState(s -> {
                        assertThat(s.runningPhases()).isEmpty();
                        assertThat(s.failedAttemptsOf("research")).isEqualTo(1);
                        assertThat(s.startablePhases()).extracting(PlannedPhase::phaseId).containsExactly("research");
                    });
        }

        @Test
        void aSucceededAttemptIsNotRetried() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("research"), agent("research", true))
                    .when(new RetryPhase(ID, "research", "why", T1)).thenViolates("agent-succeeded");
        }
    }

    @Nested
    class ApprovalGates {
        private final Object[] atGate = {started(), phaseStarted("research"), completed("research"), phaseStarted("lint"),
                phaseStarted("test"), completed("lint"), completed("test")};

        private ExecutionEvent[] history(ExecutionEvent... more) {
            var all = new java.util.ArrayList<ExecutionEvent>();
            for (Object e : atGate) {
                all.add((ExecutionEvent) e);
            }
            all.addAll(List.of(more));
            return all.toArray(ExecutionEvent[]::new);
        }

        @Test
        void anApprovalPhasePausesTheRunUntilApproved() {
            given(WorkflowExecution.TYPE, history()).when(new RequestApproval(ID, "gate", T1))
                    .then(new PhaseStarted(ID, "gate", 1, T1), new ApprovalRequested(ID, "gate", T1),
                            new ExecutionPaused(ID, YieldPoint.BEFORE_PHASE, "gate", "awaiting approval of phase 'gate'", T1))
                    .thenState(s -> {
                        assertThat(s.status()).isEqualTo(ExecutionStatus.PAUSED);
                        assertThat(s.awaitingApproval()).isEqualTo("gate");
                    });
            given(WorkflowExecution.TYPE, history()).when(new StartPhase(ID, "gate", T1)).thenViolates("approval-phase");
        }

        private ExecutionEvent[] paused() {
            return history(new PhaseStarted(ID, "gate", 1, T0), new ApprovalRequested(ID, "gate", T0),
                    new ExecutionPaused(ID, YieldPoint.BEFORE_PHASE, "gate", "awaiting approval", T0));
        }

        @Test
        void approvingCompletesTheGateAndResumes() {
            given(WorkflowExecution.TYPE, paused()).when(new ApprovePhase(ID, "gate", "ana", "looks good", T1))
                    .then(new ExecutionResumed(ID, "gate", null, T1), new PhaseApproved(ID, "gate", "ana", "looks good", T1),
                            new PhaseCompleted(ID, "gate", TokenUsage.NONE, BigDecimal.ZERO, List.of(), T1),
                            new NextPhaseReady(ID, "ship", T1))
                    .thenState(s -> assertThat(s.startablePhases()).extracting(PlannedPhase::phaseId).containsExactly("ship"));
        }

        @Test
        void rejectingFailsTheRunWithTheReason() {
            given(WorkflowExecution.TYPE, paused()).when(new RejectPhase(ID, "gate", "bo", "too risky", T1))
                    .then(new ExecutionResumed(ID, "gate", null, T1), new PhaseRejected(ID, "gate", "bo", "too risky", T1),
                            new ExecutionFailed(ID, "gate", "phase 'gate' was rejected by bo: too risky", T1))
                    .thenState(s -> assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED));
        }

        @Test
        void aPlainResumeCannotSkipTheGateAndNothingElseIsApproved() {
            given(WorkflowExecution.TYPE, paused()).when(new ResumeExecution(ID, T1)).thenViolates("approval-pending");
            given(WorkflowExecution.TYPE, paused()).when(new ApprovePhase(ID, "ship", "ana", null, T1))
                    .thenViolates("other-approval-pending");
            given(WorkflowExecution.TYPE, started()).when(new ApprovePhase(ID, "gate", "ana", null, T1))
                    .thenViolates("no-approval-pending");
        }
    }

    @Nested
    class QueuedRuns {
        private final QueueExecution queue = new QueueExecution(ID, "tpl", PLAN, List.of(), WorkflowSettings.DEFAULTS,
                "task", Map.of("k", "v"), List.of("r"), T0);
        private final ExecutionQueued queued = new ExecutionQueued(ID, "tpl", PLAN, List.of(), WorkflowSettings.DEFAULTS,
                "task", Map.of("k", "v"), List.of("r"), T0);

        @Test
        void aQueuedRunStaysNotStartedAndStartsWithItsPlan() {
            given(WorkflowExecution.TYPE).when(queue).then(queued).thenState(s -> {
                assertThat(s.status()).isEqualTo(ExecutionStatus.NOT_STARTED);
                assertThat(s.queued()).isTrue();
            });
            given(WorkflowExecution.TYPE, queued).when(StartExecution.queued(ID, T1))
                    .then(new ExecutionStarted(ID, "tpl", PLAN, List.of(), WorkflowSettings.DEFAULTS, "task",
                            Map.of("k", "v"), List.of("r"), T1))
                    .thenState(s -> assertThat(s.queued()).isFalse());
            given(WorkflowExecution.TYPE, queued).when(queue).thenRejected(Rejection.AlreadyExists.class);
        }

        @Test
        void aQueuedRunTakesAPauseRequestAndPausesAtItsFirstYieldPoint() {
            var requested = new ExecutionPauseRequested(ID, "later", T1);
            given(WorkflowExecution.TYPE, queued).when(new PauseExecution(ID, "later", T1)).then(requested)
                    .thenState(s -> assertThat(s.status()).isEqualTo(ExecutionStatus.NOT_STARTED));
            var started = new ExecutionStarted(ID, "tpl", PLAN, List.of(), WorkflowSettings.DEFAULTS, "task",
                    Map.of("k", "v"), List.of("r"), T1);
            given(WorkflowExecution.TYPE, queued, requested, started)
                    .when(new StartPhase(ID, "research", T1)).thenViolates("pause-pending");
            given(WorkflowExecution.TYPE, queued, requested).when(new PauseExecution(ID, "again", T1))
                    .thenViolates("pause-already-requested");
            given(WorkflowExecution.TYPE).when(new PauseExecution(ID, "none", T1)).thenRejected(Rejection.NotFound.class);
        }

        @Test
        void cancellingAQueuedRunGoesThroughTheMachinesEdges() {
            given(WorkflowExecution.TYPE, queued).when(new CancelExecution(ID, null, T1))
                    .then(new ExecutionStarted(ID, "tpl", PLAN, List.of(), WorkflowSettings.DEFAULTS, "task",
                                    Map.of("k", "v"), List.of("r"), T1),
                            new ExecutionCancelled(ID, null, "cancelled while queued", T1))
                    .thenState(s -> assertThat(s.status()).isEqualTo(ExecutionStatus.CANCELLED));
        }
    }
}
