package io.syntropic137.workflows;

import java.util.Map;

/**
 * What a prompt is rendered with.
 *
 * @param task           replaces {@code $ARGUMENTS}; null renders as empty text (a run without a task)
 * @param inputs         the run's resolved inputs ({@link InputResolver})
 * @param phaseArtifacts each completed earlier phase's id → the content of its primary artifact
 */
public record RenderContext(String task, Map<String, String> inputs, Map<String, String> phaseArtifacts,
                            String executionId, String workflowId) {

    public RenderContext {
        inputs = Map.copyOf(inputs);
        phaseArtifacts = Map.copyOf(phaseArtifacts);
    }
}
