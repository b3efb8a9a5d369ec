package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.PhaseKind;
import io.syntropic137.domain.orchestration.PhaseRetryPolicy;

import java.math.BigDecimal;
import java.util.List;

/**
 * One phase of a {@link WorkflowDefinition}, defaults applied.
 *
 * @param prompt       the prompt template (from {@code prompt_template} or the body of {@code prompt_file});
 *                     for an approval phase the request shown to the approver, possibly empty
 * @param promptSource where the prompt came from: {@code "inline"} or the prompt file's path in the package
 * @param model        the model, or null for an approval phase that names none
 * @param maxTurns     null: the runtime's default
 * @param maxCostUsd   null: no budget of its own
 * @param agent        null: the engine's default runtime
 * @param command      the argv of the {@code command} runtime; empty otherwise
 */
public record WorkflowPhase(String id, String name, int order, PhaseKind executionType, String prompt,
                            String promptSource, String model, int timeoutSeconds, List<String> allowedTools,
                            Integer maxTurns, BigDecimal maxCostUsd, PhaseRetryPolicy retries,
                            List<String> inputArtifacts, List<String> outputArtifacts, String agent,
                            List<String> command) {

    public WorkflowPhase {
        allowedTools = List.copyOf(allowedTools);
        inputArtifacts = List.copyOf(inputArtifacts);
        outputArtifacts = List.copyOf(outputArtifacts);
        command = List.copyOf(command);
    }
}
