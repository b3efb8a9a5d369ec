package io.syntropic137.domain.orchestration;

/**
 * How a phase runs. Phases with the same order form a group that runs together; only {@link #PARALLEL} phases may
 * share an order. An {@link #APPROVAL} phase runs no agent: it pauses the execution until a human approves or
 * rejects it.
 */
public enum PhaseKind {
    SEQUENTIAL, PARALLEL, APPROVAL
}
