package io.syntropic137.engine;

import io.syntropic137.domain.artifacts.Artifact;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.PhaseResult;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.engine.ExecutionPlans.Plan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a phase gets from the phases before it: their artifacts as files under {@code artifacts/input/<phase>/} and
 * the text of each one's primary artifact for the {@code {{phase}}} placeholders.
 */
record PhaseInputs(Map<String, byte[]> files, Map<String, String> primaryTexts) {

    static PhaseInputs gather(EngineParts parts, WorkflowExecution state, Plan plan, PhaseDefinition phase)
            throws IOException {
        var files = new LinkedHashMap<String, byte[]>();
        var texts = new LinkedHashMap<String, String>();
        for (PhaseResult done : state.completedPhases()) {
            if (!phase.settings().inputArtifacts().isEmpty() && !phase.settings().inputArtifacts().contains(done.phaseId())) {
                continue;
            }
            String primary = null;
            for (String artifactId : done.artifactIds()) {
                Artifact artifact = parts.commands().loadArtifact(artifactId);
                if (!artifact.exists() || artifact.deleted()) {
                    continue;
                }
                byte[] content;
                try (InputStream in = parts.content().open(artifact.sha256())) {
                    content = in.readAllBytes();
                }
                files.put(done.phaseId() + "/" + artifact.title(), content);
                if (primary == null || artifact.primaryDeliverable()) {
                    primary = new String(content, StandardCharsets.UTF_8);
                }
            }
            if (primary != null) {
                texts.put(done.phaseId(), primary);
            }
        }
        return new PhaseInputs(Map.copyOf(files), Map.copyOf(texts));
    }
}
