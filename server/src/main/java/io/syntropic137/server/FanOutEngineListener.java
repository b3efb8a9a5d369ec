package io.syntropic137.server;

import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.EngineListener;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The engine takes one listener; the server has several (telemetry, metrics). Each gets every call, in order. */
final class FanOutEngineListener implements EngineListener {
    private final List<EngineListener> listeners;

    FanOutEngineListener(List<EngineListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void toolStarted(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                            String inputJson) {
        listeners.forEach(l -> l.toolStarted(executionId, phaseId, sessionId, toolUseId, tool, inputJson));
    }

    @Override
    public void toolFinished(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                             boolean succeeded, String detail) {
        listeners.forEach(l -> l.toolFinished(executionId, phaseId, sessionId, toolUseId, tool, succeeded, detail));
    }

    @Override
    public void usage(String executionId, String phaseId, String sessionId, String model, TokenUsage tokens,
                      BigDecimal costUsd) {
        listeners.forEach(l -> l.usage(executionId, phaseId, sessionId, model, tokens, costUsd));
    }

    @Override
    public void observed(String executionId, String phaseId, String sessionId, String type, String toolUseId,
                         String dataJson, Instant time) {
        listeners.forEach(l -> l.observed(executionId, phaseId, sessionId, type, toolUseId, dataJson, time));
    }
}
