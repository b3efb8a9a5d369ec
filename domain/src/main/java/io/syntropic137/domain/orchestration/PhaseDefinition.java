package io.syntropic137.domain.orchestration;

import java.util.List;

/** One phase of a template: a prompt for a coding agent, the model to run it with, and its limits. */
public record PhaseDefinition(String phaseId, String name, int order, String prompt, String model,
                              int timeoutSeconds, List<String> allowedTools) {
    public PhaseDefinition {
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
    }

    public PlannedPhase planned() {
        return new PlannedPhase(phaseId, name, order);
    }
}
