package io.syntropic137.domain.orchestration;

import java.math.BigDecimal;
import java.util.List;

/**
 * The run-time settings of a phase beyond its prompt and model.
 *
 * @param maxTurns        the agent's turn limit, or null for the runtime's default
 * @param maxCostUsd      the phase's budget, or null for none
 * @param inputArtifacts  phase ids whose artifacts this phase reads (empty: all earlier phases)
 * @param outputArtifacts artifact names this phase is expected to write into {@code artifacts/output/}
 * @param agent           the agent runtime that runs it, or null for the engine's default
 * @param command         the program and arguments the {@code command} agent runtime runs (the rendered prompt
 *                        on its stdin); empty for every other runtime
 */
public record PhaseSettings(PhaseKind kind, Integer maxTurns, BigDecimal maxCostUsd, PhaseRetryPolicy retries,
                            List<String> inputArtifacts, List<String> outputArtifacts, String agent,
                            List<String> command) {

    public static final PhaseSettings DEFAULTS = new PhaseSettings(PhaseKind.SEQUENTIAL, null, null,
            PhaseRetryPolicy.NONE, List.of(), List.of(), null, List.of());

    public PhaseSettings {
        kind = kind == null ? PhaseKind.SEQUENTIAL : kind;
        retries = retries == null ? PhaseRetryPolicy.NONE : retries;
        inputArtifacts = inputArtifacts == null ? List.of() : List.copyOf(inputArtifacts);
        outputArtifacts = outputArtifacts == null ? List.of() : List.copyOf(outputArtifacts);
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** Settings for a runtime that needs no command line: every runtime except {@code command}. */
    public PhaseSettings(PhaseKind kind, Integer maxTurns, BigDecimal maxCostUsd, PhaseRetryPolicy retries,
                         List<String> inputArtifacts, List<String> outputArtifacts, String agent) {
        this(kind, maxTurns, maxCostUsd, retries, inputArtifacts, outputArtifacts, agent, List.of());
    }
}
