package io.syntropic137.engine;

import io.syntropic137.domain.shared.Result;

import java.util.Map;

/** Fills a phase's prompt template (the workflow format's placeholders); wired by the composition root. */
@FunctionalInterface
public interface PromptRendering {

    /** @return the prompt, or why it cannot be rendered (e.g. an unknown placeholder) */
    Result<String, String> render(String template, PromptContext context);

    /**
     * @param phaseArtifacts per earlier phase id, the text of its primary artifact (untruncated; the renderer
     *                       truncates)
     */
    record PromptContext(String task, Map<String, String> inputs, Map<String, String> phaseArtifacts,
                         String executionId, String workflowId, int artifactChars) {
    }
}
