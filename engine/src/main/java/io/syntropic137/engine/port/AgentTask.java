package io.syntropic137.engine.port;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one agent run is asked to do.
 *
 * @param maxTurns   null for the runtime's default
 * @param maxCostUsd null for no cap the runtime should enforce itself (the engine checks budgets anyway)
 * @param command    the executable and arguments, for runtimes that run one (the {@code command} runtime)
 * @param timeout    the phase's time limit (the engine enforces it too; a runtime may pass it on)
 */
public record AgentTask(String executionId, String phaseId, String sessionId, int attempt, String prompt,
                        String model, List<String> allowedTools, Integer maxTurns, BigDecimal maxCostUsd,
                        List<String> command, java.time.Duration timeout) {

    public AgentTask {
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        command = command == null ? List.of() : List.copyOf(command);
    }
}
