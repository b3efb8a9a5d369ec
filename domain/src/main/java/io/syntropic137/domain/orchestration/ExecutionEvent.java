package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Events of a {@link WorkflowExecution}. */
public sealed interface ExecutionEvent extends DomainEvent {

    String executionId();

    Instant at();

    record ExecutionStarted(String executionId, String templateId, List<PlannedPhase> phases, String task,
                            Map<String, String> inputs, List<String> repos, Instant at) implements ExecutionEvent {
    }

    record PhaseStarted(String executionId, String phaseId, int attempt, Instant at) implements ExecutionEvent {
    }

    record WorkspaceProvisionedForPhase(String executionId, String phaseId, String workspaceId, Instant at)
            implements ExecutionEvent {
    }

    record AgentExecutionCompleted(String executionId, String phaseId, String sessionId, boolean succeeded,
                                   String error, TokenUsage tokens, BigDecimal costUsd, Instant at)
            implements ExecutionEvent {
    }

    record ArtifactsCollectedForPhase(String executionId, String phaseId, List<String> artifactIds, Instant at)
            implements ExecutionEvent {
    }

    /** The phase's totals are included so readers need not add them up. */
    record PhaseCompleted(String executionId, String phaseId, TokenUsage tokens, BigDecimal costUsd,
                          List<String> artifactIds, Instant at) implements ExecutionEvent {
    }

    record NextPhaseReady(String executionId, String phaseId, Instant at) implements ExecutionEvent {
    }

    record ExecutionCompleted(String executionId, int phasesCompleted, TokenUsage tokens, BigDecimal costUsd,
                              Instant at) implements ExecutionEvent {
    }

    record ExecutionFailed(String executionId, String phaseId, String error, Instant at) implements ExecutionEvent {
    }

    /** A pause was asked for; the status stays RUNNING until the next yield point. */
    record ExecutionPauseRequested(String executionId, String reason, Instant at) implements ExecutionEvent {
    }

    record ExecutionPaused(String executionId, YieldPoint yieldPoint, String phaseId, String reason, Instant at)
            implements ExecutionEvent {
    }

    /** Continues where it paused: in the same phase and workspace when paused mid-phase. */
    record ExecutionResumed(String executionId, String phaseId, String workspaceId, Instant at)
            implements ExecutionEvent {
    }

    record ExecutionCancelled(String executionId, String phaseId, String reason, Instant at)
            implements ExecutionEvent {
    }

    record ExecutionInterrupted(String executionId, String phaseId, String reason, Instant at)
            implements ExecutionEvent {
    }

    /** The unfinished phase is dropped; the run continues with {@code nextPhaseId} (null: all phases were done). */
    record ExecutionRetried(String executionId, int attempt, String nextPhaseId, String discardedPhaseId, Instant at)
            implements ExecutionEvent {
    }
}
