package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.PhaseKind;

import java.util.List;

/**
 * A phase as read, with the locations {@link CrossPhaseRules} needs; a null field was invalid (and reported).
 *
 * @param phase the finished phase, or null when its id was invalid
 */
record PhaseDraft(int index, String id, Location idAt, Integer order, Location orderAt, PhaseKind kind,
                  PromptText prompt, List<Fields.Located<String>> inputArtifacts, WorkflowPhase phase) {

    String path() {
        return "phases[" + index + "]";
    }

    /**
     * A prompt and how to locate a position in it: exactly, for a prompt file; at the start of the value, for an
     * inline template (YAML block scalars lose the indentation a column would need).
     *
     * @param field the field path problems in the prompt are reported under
     */
    record PromptText(String text, String field, Location start, boolean exact) {

        Location locate(int offset) {
            return exact ? PromptFiles.locate(start.file(), start.line(), text, offset) : start;
        }
    }
}
