package io.syntropic137.domain.orchestration;

import java.util.List;

/** One phase of a template: a prompt for a coding agent, the model to run it with, and its limits. */
public record PhaseDefinition(String phaseId, String name, int order, String prompt, String model,
                              int timeoutSeconds, List<String> allowedTools, PhaseSettings settings) {
    public PhaseDefinition {
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        settings = settings == null ? PhaseSettings.DEFAULTS : settings;
    }

    public PhaseDefinition(String phaseId, String name, int order, String prompt, String model, int timeoutSeconds,
                           List<String> allowedTools) {
        this(phaseId, name, order, prompt, model, timeoutSeconds, allowedTools, PhaseSettings.DEFAULTS);
    }

    public PhaseKind kind() {
        return settings.kind();
    }

    public PlannedPhase planned() {
        return new PlannedPhase(phaseId, name, order, settings.kind());
    }
}
