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
import io.syntropic137.domain.orchestration.ExecutionEvent.ArtifactsCollectedForPhase;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionCancelled;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionFailed;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionInterrupted;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionPauseRequested;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionPaused;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionResumed;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionRetried;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseStarted;
import io.syntropic137.domain.orchestration.ExecutionEvent.WorkspaceProvisionedForPhase;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.TokenUsage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.syntropic137.domain.orchestration.ExecutionFixtures.*;
import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class WorkflowExecutionTest {

    @Nested
    class Start {
        @Test
        void startsWithThePhasesInOrder() {
            var shuffled = List.of(PHASES.get(1), PHASES.get(0));
            given(WorkflowExecution.TYPE)
                    .when(new StartExecution(ID, "tpl-1", shuffled, "fix the bug", Map.of("issue", "42"), List.of("acme/api"), T0))
                    .then(started())
                    .thenState(s -> {
                        assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
                        assertThat(s.nextPhase()).map(PlannedPhase::phaseId).contains("plan");
                        assertThat(s.attempt()).isEqualTo(1);
                    });
        }

        @Test
        void twiceIsRefused() {
            given(WorkflowExecution.TYPE, started()).when(start()).thenRejected(Rejection.AlreadyExists.class);
        }

        @Test
        void needsAtLeastOnePhase() {
            given(WorkflowExecution.TYPE).when(new StartExecution(ID, "tpl-1", List.of(), "", Map.of(), List.of(), T0))
                    .thenInvalid("phases");
        }

        @Test
        void refusesDuplicatePhaseIdsAndOrders() {
            given(WorkflowExecution.TYPE).when(new StartExecution(ID, "tpl-1",
                    List.of(new PlannedPhase("a", "A", 1), new PlannedPhase("a", "A2", 2)), "", Map.of(), List.of(), T0))
                    .thenInvalid("phases");
            given(WorkflowExecution.TYPE).when(new StartExecution(ID, "tpl-1",
                    List.of(new PlannedPhase("a", "A", 1), new PlannedPhase("b", "B", 1)), "", Map.of(), List.of(), T0))
                    .thenInvalid("phases");
        }

        @Test
        void refusesMalformedIdsAndMissingTime() {
            given(WorkflowExecution.TYPE).when(new StartExecution("has space", "tpl-1", PHASES, "", Map.of(), List.of(), T0))
                    .thenInvalid("executionId");
            given(WorkflowExecution.TYPE).when(new StartExecution(ID, "", PHASES, "", Map.of(), List.of(), T0))
                    .thenInvalid("templateId");
            given(WorkflowExecution.TYPE).when(new StartExecution(ID, "tpl-1", PHASES, "", Map.of(), List.of(), null))
                    .thenInvalid("at");
        }
    }

    @Nested
    class StartingPhases {
        @Test
        void startsTheNextPhase() {
            given(WorkflowExecution.TYPE, started()).when(new StartPhase(ID, "plan", T1))
                    .then(new PhaseStarted(ID, "plan", 1, T1))
                    .thenState(s -> assertThat(s.currentPhase().phaseId()).isEqualTo("plan"));
        }

        @Test
        void refusesAPhaseOutOfOrder() {
            given(WorkflowExecution.TYPE, started()).when(new StartPhase(ID, "build", T1)).thenViolates("phase-out-of-order");
        }

        @Test
        void refusesWhileAnotherPhaseRuns() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan")).when(new StartPhase(ID, "plan", T1))
                    .thenViolates("phase-in-progress");
        }

        @Test
        void refusesWhenEveryPhaseIsDone() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), phaseCompleted("plan"), nextReady("build"),
                    phaseStarted("build"), phaseCompleted("build"))
                    .when(new StartPhase(ID, "build", T1)).thenViolates("no-phase-left");
        }

        @Test
        void aPendingPauseStopsTheNextPhase() {
            given(WorkflowExecution.TYPE, started(), pauseRequested()).when(new StartPhase(ID, "plan", T1))
                    .thenViolates("pause-pending");
        }

        @Test
        void refusedWhilePausedOrUnknown() {
            given(WorkflowExecution.TYPE, started(), pauseRequested(), paused(null)).when(new StartPhase(ID, "plan", T1))
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new StartPhase(ID, "plan", T1)).thenRejected(Rejection.NotFound.class);
        }
    }

    @Nested
    class Workspaces {
        @Test
        void recordsTheWorkspaceOfTheRunningPhase() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"))
                    .when(new RecordWorkspaceProvisioned(ID, "plan", "ws-1", T1))
                    .then(new WorkspaceProvisionedForPhase(ID, "plan", "ws-1", T1))
                    .thenState(s -> assertThat(s.currentPhase().workspaceId()).isEqualTo("ws-1"));
        }

        @Test
        void refusesASecondWorkspaceForThePhase() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), provisioned("plan"))
                    .when(new RecordWorkspaceProvisioned(ID, "plan", "ws-2", T1)).thenViolates("workspace-already-provisioned");
        }

        @Test
        void refusesWithoutOrForAnotherPhase() {
            given(WorkflowExecution.TYPE, started()).when(new RecordWorkspaceProvisioned(ID, "plan", "ws-1", T1))
                    .thenViolates("no-phase-in-progress");
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"))
                    .when(new RecordWorkspaceProvisioned(ID, "build", "ws-1", T1)).thenViolates("other-phase-in-progress");
        }

        @Test
        void refusesABadIdOrInactiveExecution() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"))
                    .when(new RecordWorkspaceProvisioned(ID, "plan", "", T1)).thenInvalid("workspaceId");
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), interrupted("plan"))
                    .when(new RecordWorkspaceProvisioned(ID, "plan", "ws-1", T1)).thenRejected(Rejection.IllegalTransition.class);
            // work already under way is still recorded while paused: pausing stops new work, not facts
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), pauseRequested(), paused("plan"))
                    .when(new RecordWorkspaceProvisioned(ID, "plan", "ws-1", T1)).then(new WorkspaceProvisionedForPhase(ID, "plan", "ws-1", T1));
            given(WorkflowExecution.TYPE).when(new RecordWorkspaceProvisioned(ID, "plan", "ws-1", T1))
                    .thenRejected(Rejection.NotFound.class);
        }
    }

    @Nested
    class AgentResults {
        private final RecordAgentCompleted done = new RecordAgentCompleted(ID, "plan", "sess-1", true, null, TOKENS,
                new BigDecimal("0.40"), T1);

        @Test
        void addsTokensAndCostToPhaseAndTotals() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), agentDone("plan"), phaseCompleted("plan"),
                    nextReady("build"), phaseStarted("build"))
                    .when(new RecordAgentCompleted(ID, "build", "sess-2", true, null, TOKENS, new BigDecimal("0.40"), T1))
                    .thenState(s -> {
                        assertThat(s.tokens()).isEqualTo(TOKENS.plus(TOKENS));
                        assertThat(s.costUsd()).isEqualByComparingTo("0.65");
                        assertThat(s.currentPhase().tokens()).isEqualTo(TOKENS);
                    });
        }

        @Test
        void recordsAFailedRunWithItsError() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"))
                    .when(new RecordAgentCompleted(ID, "plan", "sess-1", false, "timeout", TOKENS, null, T1))
                    .then(new ExecutionEvent.AgentExecutionCompleted(ID, "plan", "sess-1", false, "timeout", TOKENS, BigDecimal.ZERO, T1));
        }

        @Test
        void refusesBadNumbersAndAFailureWithoutReason() {
            var started = given(WorkflowExecution.TYPE, started(), phaseStarted("plan"));
            started.when(new RecordAgentCompleted(ID, "plan", "sess-1", true, null, new TokenUsage(-1, 0, 0, 0), null, T1))
                    .thenInvalid("tokens");
            started.when(new RecordAgentCompleted(ID, "plan", "sess-1", true, null, TOKENS, new BigDecimal("-1"), T1))
                    .thenInvalid("costUsd");
            started.when(new RecordAgentCompleted(ID, "plan", "sess-1", false, " ", TOKENS, null, T1)).thenInvalid("error");
            started.when(new RecordAgentCompleted(ID, "plan", "bad id", true, null, TOKENS, null, T1)).thenInvalid("sessionId");
        }

        @Test
        void refusesASecondResultOrTheWrongPhase() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), agentDone("plan")).when(done)
                    .thenViolates("agent-already-completed");
            given(WorkflowExecution.TYPE, started()).when(done).thenViolates("no-phase-in-progress");
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), interrupted("plan")).when(done)
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(done).thenRejected(Rejection.NotFound.class);
        }
    }

    @Nested
    class Artifacts {
        @Test
        void collectsArtifactsForThePhase() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"))
                    .when(new RecordArtifactsCollected(ID, "plan", List.of("art-1", "art-2"), T1))
                    .then(new ArtifactsCollectedForPhase(ID, "plan", List.of("art-1", "art-2"), T1))
                    .thenState(s -> assertThat(s.artifactIds()).containsExactly("art-1", "art-2"));
        }

        @Test
        void refusesEmptyDuplicateOrMalformed() {
            var running = given(WorkflowExecution.TYPE, started(), phaseStarted("plan"),
                    new ArtifactsCollectedForPhase(ID, "plan", List.of("art-1"), T0));
            running.when(new RecordArtifactsCollected(ID, "plan", List.of(), T1)).thenInvalid("artifactIds");
            running.when(new RecordArtifactsCollected(ID, "plan", List.of("art-1"), T1)).thenViolates("artifact-already-collected");
            running.when(new RecordArtifactsCollected(ID, "plan", List.of("a b"), T1)).thenInvalid("artifactIds");
        }

        @Test
        void refusesOutsideARunningPhase() {
            var command = new RecordArtifactsCollected(ID, "plan", List.of("art-1"), T1);
            given(WorkflowExecution.TYPE, started()).when(command).thenViolates("no-phase-in-progress");
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), interrupted("plan")).when(command)
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(command).thenRejected(Rejection.NotFound.class);
        }
    }

    @Nested
    class CompletingPhases {
        @Test
        void completesAndAnnouncesTheNextPhase() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), agentDone("plan"))
                    .when(new CompletePhase(ID, "plan", T1))
                    .then(new PhaseCompleted(ID, "plan", TOKENS, new BigDecimal("0.25"), List.of(), T1),
                            new ExecutionEvent.NextPhaseReady(ID, "build", T1))
                    .thenState(s -> {
                        assertThat(s.completedPhases()).extracting(PhaseResult::phaseId).containsExactly("plan");
                        assertThat(s.currentPhase()).isNull();
                    });
        }

        @Test
        void theLastPhaseHasNoNextPhase() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), phaseCompleted("plan"), nextReady("build"),
                    phaseStarted("build")).when(new CompletePhase(ID, "build", T1))
                    .then(new PhaseCompleted(ID, "build", TokenUsage.NONE, BigDecimal.ZERO, List.of(), T1));
        }

        @Test
        void refusesAfterTheAgentFailed() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), agentFailed("plan"))
                    .when(new CompletePhase(ID, "plan", T1)).thenViolates("agent-failed");
        }

        @Test
        void refusesTheWrongPhaseOrState() {
            given(WorkflowExecution.TYPE, started()).when(new CompletePhase(ID, "plan", T1)).thenViolates("no-phase-in-progress");
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan")).when(new CompletePhase(ID, "build", T1))
                    .thenViolates("other-phase-in-progress");
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), new ExecutionCancelled(ID, "plan", "x", T0))
                    .when(new CompletePhase(ID, "plan", T1)).thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new CompletePhase(ID, "plan", T1)).thenRejected(Rejection.NotFound.class);
        }
    }

    @Nested
    class Finishing {
        private final ExecutionEvent[] allDone = {started(), phaseStarted("plan"), agentDone("plan"), phaseCompleted("plan"),
                nextReady("build"), phaseStarted("build"), agentDone("build"), phaseCompleted("build")};

        @Test
        void completesWithTotals() {
            given(WorkflowExecution.TYPE, allDone).when(new CompleteExecution(ID, T1))
                    .then(new ExecutionCompleted(ID, 2, TOKENS.plus(TOKENS), new BigDecimal("0.50"), T1))
                    .thenState(s -> assertThat(s.status()).isEqualTo(ExecutionStatus.COMPLETED));
        }

        @Test
        void refusesWhilePhasesRemainOrRun() {
            given(WorkflowExecution.TYPE, started()).when(new CompleteExecution(ID, T1)).thenViolates("phases-remaining");
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan")).when(new CompleteExecution(ID, T1))
                    .thenViolates("phase-in-progress");
        }

        @Test
        void refusedOutsideRunning() {
            var r = given(WorkflowExecution.TYPE, started(), pauseRequested(), paused(null)).when(new CompleteExecution(ID, T1))
                    .thenRejected(Rejection.IllegalTransition.class);
            assertThat(r.reason()).contains("finish", "PAUSED", "resume", "cancel");
            given(WorkflowExecution.TYPE).when(new CompleteExecution(ID, T1)).thenRejected(Rejection.NotFound.class);
        }

        @Test
        void failsWithTheErrorAndThePhase() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan")).when(new FailExecution(ID, "agent crashed", T1))
                    .then(new ExecutionFailed(ID, "plan", "agent crashed", T1))
                    .thenState(s -> assertThat(s.error()).isEqualTo("agent crashed"));
        }

        @Test
        void failRefusesABlankErrorAndWrongStates() {
            given(WorkflowExecution.TYPE, started()).when(new FailExecution(ID, "", T1)).thenInvalid("error");
            given(WorkflowExecution.TYPE, started(), pauseRequested(), paused(null)).when(new FailExecution(ID, "x", T1))
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new FailExecution(ID, "x", T1)).thenRejected(Rejection.NotFound.class);
        }
    }

    @Nested
    class PauseAndResume {
        @Test
        void aPauseRequestIsRecordedAtOnceButTheStatusStaysRunning() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan")).when(new PauseExecution(ID, "lunch", T1))
                    .then(new ExecutionPauseRequested(ID, "lunch", T1))
                    .thenState(s -> {
                        assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
                        assertThat(s.pauseRequested()).isTrue();
                    });
        }

        @Test
        void theNextYieldPointPausesMidPhase() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), provisioned("plan"), pauseRequested())
                    .when(new ReachYieldPoint(ID, YieldPoint.AFTER_LLM_CALL, T1))
                    .then(new ExecutionPaused(ID, YieldPoint.AFTER_LLM_CALL, "plan", "lunch", T1))
                    .thenState(s -> {
                        assertThat(s.status()).isEqualTo(ExecutionStatus.PAUSED);
                        assertThat(s.pauseRequested()).isFalse();
                        assertThat(s.currentPhase().workspaceId()).isEqualTo("ws-plan");
                    });
        }

        @Test
        void aYieldPointWithoutPendingPauseRecordsNothing() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"))
                    .when(new ReachYieldPoint(ID, YieldPoint.AFTER_TOOL_EXECUTION, T1)).thenNothingRecorded();
        }

        @Test
        void yieldPointRefusals() {
            given(WorkflowExecution.TYPE, started()).when(new ReachYieldPoint(ID, null, T1)).thenInvalid("yieldPoint");
            given(WorkflowExecution.TYPE, started(), new ExecutionCancelled(ID, null, "stop", T0))
                    .when(new ReachYieldPoint(ID, YieldPoint.BEFORE_PHASE, T1)).thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new ReachYieldPoint(ID, YieldPoint.BEFORE_PHASE, T1)).thenRejected(Rejection.NotFound.class);
        }

        @Test
        void pauseRefusals() {
            given(WorkflowExecution.TYPE, started(), pauseRequested()).when(new PauseExecution(ID, "again", T1))
                    .thenViolates("pause-already-requested");
            var paused = given(WorkflowExecution.TYPE, started(), pauseRequested(), paused(null))
                    .when(new PauseExecution(ID, "again", T1)).thenRejected(Rejection.IllegalTransition.class);
            assertThat(paused.reason()).isEqualTo("cannot pause execution 'ex-1' while it is PAUSED: "
                    + "from PAUSED only resume, cancel are possible");
            given(WorkflowExecution.TYPE, started(), new ExecutionFailed(ID, null, "x", T0)).when(new PauseExecution(ID, "", T1))
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new PauseExecution(ID, "", T1)).thenRejected(Rejection.NotFound.class);
        }

        @Test
        void resumeContinuesInTheSamePhaseAndWorkspace() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), provisioned("plan"), pauseRequested(), paused("plan"))
                    .when(new ResumeExecution(ID, T1))
                    .then(new ExecutionResumed(ID, "plan", "ws-plan", T1))
                    .thenState(s -> assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING));
        }

        @Test
        void resumeRefusals() {
            given(WorkflowExecution.TYPE, started(), pauseRequested()).when(new ResumeExecution(ID, T1))
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new ResumeExecution(ID, T1)).thenRejected(Rejection.NotFound.class);
        }
    }

    @Nested
    class CancelInterruptRetry {
        @Test
        void cancelsRunningOrPaused() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan")).when(new CancelExecution(ID, "wrong repo", T1))
                    .then(new ExecutionCancelled(ID, "plan", "wrong repo", T1))
                    .thenState(s -> assertThat(s.status()).isEqualTo(ExecutionStatus.CANCELLED));
            given(WorkflowExecution.TYPE, started(), pauseRequested(), paused(null)).when(new CancelExecution(ID, null, T1))
                    .then(new ExecutionCancelled(ID, null, "cancelled", T1));
        }

        @Test
        void cancelRefusals() {
            given(WorkflowExecution.TYPE, started(), interrupted(null)).when(new CancelExecution(ID, "x", T1))
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new CancelExecution(ID, "x", T1)).thenRejected(Rejection.NotFound.class);
        }

        @Test
        void interruptsARunningExecution() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan")).when(new InterruptExecution(ID, "node died", T1))
                    .then(new ExecutionInterrupted(ID, "plan", "node died", T1));
        }

        @Test
        void interruptRefusals() {
            given(WorkflowExecution.TYPE, started()).when(new InterruptExecution(ID, " ", T1)).thenInvalid("reason");
            given(WorkflowExecution.TYPE, started(), pauseRequested(), paused(null)).when(new InterruptExecution(ID, "x", T1))
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new InterruptExecution(ID, "x", T1)).thenRejected(Rejection.NotFound.class);
        }

        @Test
        void retryDropsTheUnfinishedPhaseAndContinuesAfterTheLastCompletedOne() {
            given(WorkflowExecution.TYPE, started(), phaseStarted("plan"), phaseCompleted("plan"), nextReady("build"),
                    phaseStarted("build"), interrupted("build"))
                    .when(new RetryExecution(ID, T1))
                    .then(new ExecutionRetried(ID, 2, "build", "build", T1))
                    .thenState(s -> {
                        assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
                        assertThat(s.currentPhase()).isNull();
                        assertThat(s.attempt()).isEqualTo(2);
                        assertThat(s.nextPhase()).map(PlannedPhase::phaseId).contains("build");
                    });
        }

        @Test
        void retryRefusals() {
            given(WorkflowExecution.TYPE, started(), new ExecutionFailed(ID, null, "x", T0)).when(new RetryExecution(ID, T1))
                    .thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE, started()).when(new RetryExecution(ID, T1)).thenRejected(Rejection.IllegalTransition.class);
            given(WorkflowExecution.TYPE).when(new RetryExecution(ID, T1)).thenRejected(Rejection.NotFound.class);
        }
    }
}
