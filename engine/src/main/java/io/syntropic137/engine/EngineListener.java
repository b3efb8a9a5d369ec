package io.syntropic137.engine;

import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;

/**
 * Live activity of running agents that is not a domain event (tool calls, model usage), for the telemetry
 * pipeline and live streams. Calls come from agent threads and must return quickly.
 */
public interface EngineListener {

    void toolStarted(String executionId, String phaseId, String sessionId, String toolUseId, String tool, String inputJson);

    void toolFinished(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                      boolean succeeded, String detail);

    void usage(String executionId, String phaseId, String sessionId, String model, TokenUsage tokens, BigDecimal costUsd);

    /** See {@link io.syntropic137.engine.port.AgentEvents#observed}. */
    default void observed(String executionId, String phaseId, String sessionId, String type, String toolUseId,
                          String dataJson, java.time.Instant time) {
    }

    EngineListener NONE = new EngineListener() {
        @Override
        public void toolStarted(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                                String inputJson) {
        }

        @Override
        public void toolFinished(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                                 boolean succeeded, String detail) {
        }

        @Override
        public void usage(String executionId, String phaseId, String sessionId, String model, TokenUsage tokens,
                          BigDecimal costUsd) {
        }
    };
}
