package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.orchestration.YieldPoint;

import java.util.List;
import java.util.Map;

/** An execution with everything the detail page shows, phases in plan order. */
public record ExecutionDetail(ExecutionSummary summary, Map<String, String> inputs, boolean pauseRequested,
                              String pauseReason, YieldPoint yieldPoint, String error, String cancelReason, String interruptReason,
                              int artifactCount, List<PhaseView> phases) {
    public ExecutionDetail {
        inputs = inputs == null ? null : Map.copyOf(inputs);
        phases = List.copyOf(phases);
    }
}
