package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.WorkflowExecution;

import java.time.Duration;

/** Holds a worker while its execution is paused; lets it go on once RUNNING again. */
final class PauseGate {
    /** Control commands signal at once; the re-read covers commands sent through another node. */
    private static final Duration RECHECK = Duration.ofMillis(500);

    private final EngineParts parts;
    private final ExecutionHandle handle;

    PauseGate(EngineParts parts, ExecutionHandle handle) {
        this.parts = parts;
        this.handle = handle;
    }

    /** @return true once the execution runs; false if it ended (cancelled, failed, interrupted) or is stopping */
    boolean awaitRunning() throws InterruptedException {
        while (!handle.stopping()) {
            WorkflowExecution state = parts.commands().loadExecution(handle.executionId);
            if (state.status() == ExecutionStatus.RUNNING) {
                return true;
            }
            if (state.status() != ExecutionStatus.PAUSED) {
                return false;
            }
            handle.awaitSignal(RECHECK);
        }
        return false;
    }
}
