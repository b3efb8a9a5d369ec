package io.syntropic137.projections.readmodels.executions;

/** Where one planned phase of an execution stands. */
public enum PhaseStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, INTERRUPTED
}
