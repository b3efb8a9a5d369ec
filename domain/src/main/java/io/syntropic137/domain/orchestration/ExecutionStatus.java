package io.syntropic137.domain.orchestration;

/** The states of a workflow execution. Which moves between them are allowed lives in {@link ExecutionStateMachine}. */
public enum ExecutionStatus {
    NOT_STARTED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED, INTERRUPTED
}
