package io.syntropic137.domain.orchestration;

/** What happens when a phase or an execution costs more than its cap. */
public enum BudgetAction {
    /** Pause at the next yield point; a human resumes (accepting the overrun) or cancels. */
    PAUSE,
    /** Fail the execution with the overrun as the reason. */
    FAIL
}
