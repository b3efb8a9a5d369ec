package io.syntropic137.engine.port;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one agent run is asked to do.
 *
 * @param maxTurns   null for the runtime's default
 * @param maxCostUsd null for no cap the runtime should enforce itself (the engine checks budgets anyway)
 */
public record AgentTask(String executionId, String phaseId, String sessionId, int attempt, String prompt,
                        String model, List<String> allowedTools, Integer maxTurns, BigDecimal maxCostUsd) {

    public AgentTask {
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
    }
}
