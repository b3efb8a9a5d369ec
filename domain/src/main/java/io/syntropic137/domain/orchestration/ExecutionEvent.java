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

    /** Accepted, waiting for a free slot; the status stays NOT_STARTED. */
    record ExecutionQueued(String executionId, String templateId, List<PlannedPhase> phases,
                           List<PhaseDefinition> definitions, WorkflowSettings settings, String task,
                           Map<String, String> inputs, List<String> repos, Instant at) implements ExecutionEvent {
    }

    /** Carries the whole plan (the phase definitions included), so the run is reconstructible from its events. */
    record ExecutionStarted(String executionId, String templateId, List<PlannedPhase> phases,
                            List<PhaseDefinition> definitions, WorkflowSettings settings, String task,
                            Map<String, String> inputs, List<String> repos, Instant at) implements ExecutionEvent {

        public ExecutionStarted {
            definitions = definitions == null ? List.of() : List.copyOf(definitions);
            settings = settings == null ? WorkflowSettings.DEFAULTS : settings;
        }

        public ExecutionStarted(String executionId, String templateId, List<PlannedPhase> phases, String task,
                                Map<String, String> inputs, List<String> repos, Instant at) {
            this(executionId, templateId, phases, List.of(), WorkflowSettings.DEFAULTS, task, inputs, repos, at);
        }
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

    /** One attempt of a phase failed; the phase runs again as attempt {@code failedAttempt + 1}. */
    record PhaseAttemptFailed(String executionId, String phaseId, int failedAttempt, String error, Instant at)
            implements ExecutionEvent {
    }

    record ApprovalRequested(String executionId, String phaseId, Instant at) implements ExecutionEvent {
    }

    record PhaseApproved(String executionId, String phaseId, String approvedBy, String comment, Instant at)
            implements ExecutionEvent {
    }

    record PhaseRejected(String executionId, String phaseId, String rejectedBy, String reason, Instant at)
            implements ExecutionEvent {
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
