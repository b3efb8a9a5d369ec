package io.syntropic137.engine;

import java.util.List;
import java.util.Map;

/**
 * A request to run a workflow template.
 *
 * @param executionId the id to give the run, or null to generate one (give one to make a re-sent request
 *                    idempotent)
 */
public record RunRequest(String templateId, String task, Map<String, String> inputs, List<String> repos,
                         String executionId) {

    public RunRequest {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        repos = repos == null ? List.of() : List.copyOf(repos);
    }
}
