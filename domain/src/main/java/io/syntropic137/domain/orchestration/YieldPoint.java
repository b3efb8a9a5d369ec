package io.syntropic137.domain.orchestration;

/** The safe points at which a running agent may be paused. */
public enum YieldPoint {
    BEFORE_PHASE, AFTER_TOOL_EXECUTION, AFTER_LLM_CALL
}
