package io.syntropic137.engine.port;

import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;

/**
 * How an agent run ended.
 *
 * @param tokens  authoritative totals of the run (the runtime's own figures when it reports them)
 * @param costUsd authoritative cost of the run, or null when the runtime does not know it
 */
public record AgentResult(boolean succeeded, String error, TokenUsage tokens, BigDecimal costUsd) {

    public static AgentResult success(TokenUsage tokens, BigDecimal costUsd) {
        return new AgentResult(true, null, tokens, costUsd);
    }

    public static AgentResult failure(String error, TokenUsage tokens, BigDecimal costUsd) {
        return new AgentResult(false, error, tokens, costUsd);
    }
}
