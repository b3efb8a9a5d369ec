package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.shared.Command;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;


/** Commands to a {@link WorkflowExecution}. */
public sealed interface ExecutionCommand extends Command {

    String executionId();

    @Override
    default String aggregateId() {
        return executionId();
    }

    /**
     * Accepts a run that waits for a free slot: it stays NOT_STARTED (shown as queued) until {@link StartExecution}.
     * The plan is fixed here, so a later change of the template does not change this run.
     */
    record QueueExecution(String executionId, String templateId, List<PlannedPhase> phases,
                          List<PhaseDefinition> definitions, WorkflowSettings settings, String task,
                          Map<String, String> inputs, List<String> repos, Instant at) implements ExecutionCommand {
    }

    /**
     * Starts a run of a template; the phases (and their full definitions, so the run can be reconstructed from its
     * events alone) are copied from the template by the caller. For a queued run the plan may be left null: the
     * queued one is used.
     */
    record StartExecution(String executionId, String templateId, List<PlannedPhase> phases,
                          List<PhaseDefinition> definitions, WorkflowSettings settings, String task,
                          Map<String, String> inputs, List<String> repos, Instant at) implements ExecutionCommand {

        public StartExecution(String executionId, String templateId, List<PlannedPhase> phases, String task,
                              Map<String, String> inputs, List<String> repos, Instant at) {
            this(executionId, templateId, phases, List.of(), WorkflowSettings.DEFAULTS, task, inputs, repos, at);
        }

        /** Starts a queued run with the plan it was queued with. */
        public static StartExecution queued(String executionId, Instant at) {
            return new StartExecution(executionId, null, null, null, null, null, null, null, at);
        }
    }

    /** The runner is about to start the next phase (which is also a yield point). */
    record StartPhase(String executionId, String phaseId, Instant at) implements ExecutionCommand {
    }

    record RecordWorkspaceProvisioned(String executionId, String phaseId, String workspaceId, Instant at)
            implements ExecutionCommand {
    }

    /** The phase's agent process ended; {@code succeeded} false carries the agent's error. */
    record RecordAgentCompleted(String executionId, String phaseId, String sessionId, boolean succeeded, String error,
                                TokenUsage tokens, BigDecimal costUsd, Instant at) implements ExecutionCommand {
    }

    record RecordArtifactsCollected(String executionId, String phaseId, List<String> artifactIds, Instant at)
            implements ExecutionCommand {
    }

    record CompletePhase(String executionId, String phaseId, Instant at) implements ExecutionCommand {
    }

    /** The running attempt of a phase failed and the phase will run again (the runner waits its backoff first). */
    record RetryPhase(String executionId, String phaseId, String error, Instant at) implements ExecutionCommand {
    }

    /** The runner reached an approval phase: the execution pauses until a human approves or rejects it. */
    record RequestApproval(String executionId, String phaseId, Instant at) implements ExecutionCommand {
    }

    record ApprovePhase(String executionId, String phaseId, String approvedBy, String comment, Instant at)
            implements ExecutionCommand {
    }

    record RejectPhase(String executionId, String phaseId, String rejectedBy, String reason, Instant at)
            implements ExecutionCommand {
    }

    record CompleteExecution(String executionId, Instant at) implements ExecutionCommand {
    }

    record FailExecution(String executionId, String error, Instant at) implements ExecutionCommand {
    }

    /** Asks for a pause; the execution stops at the next yield point, see {@link ReachYieldPoint}. */
    record PauseExecution(String executionId, String reason, Instant at) implements ExecutionCommand {
    }

    /** The runner reached a safe point; if a pause is pending, the execution pauses here. */
    record ReachYieldPoint(String executionId, YieldPoint yieldPoint, Instant at) implements ExecutionCommand {
    }

    record ResumeExecution(String executionId, Instant at) implements ExecutionCommand {
    }

    record CancelExecution(String executionId, String reason, Instant at) implements ExecutionCommand {
    }

    /** The run stopped without finishing (e.g. the server restarted under it). */
    record InterruptExecution(String executionId, String reason, Instant at) implements ExecutionCommand {
    }

    /** Runs an interrupted execution again from its last completed phase. */
    record RetryExecution(String executionId, Instant at) implements ExecutionCommand {
    }
}
