package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.orchestration.ExecutionAction;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.YieldPoint;

import java.util.List;

/**
 * What the control panel of one execution needs: its status, a pending pause, where it yielded, and which
 * actions the state machine allows next (so buttons match what a command would accept).
 */
public record ControlState(String executionId, ExecutionStatus status, boolean pauseRequested, String pauseReason,
                           YieldPoint yieldPoint, String currentPhaseId, int attempt, List<ExecutionAction> allowedActions,
                           boolean terminal) {
}
