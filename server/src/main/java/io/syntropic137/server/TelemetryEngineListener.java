package io.syntropic137.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.EngineListener;
import io.syntropic137.observability.CanonicalJson;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryPipeline;
import io.syntropic137.observability.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's live agent activity (tool calls, model usage) into the telemetry pipeline: the in-process ingestion
 * path. It waits for buffer space (backpressure on the agent) but not for the commit.
 */
final class TelemetryEngineListener implements EngineListener {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryEngineListener.class);

    private final TelemetryPipeline telemetry;
    private final Clock clock;
    private final Map<String, AtomicLong> usageSequence = new ConcurrentHashMap<>();

    TelemetryEngineListener(TelemetryPipeline telemetry, Clock clock) {
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public void toolStarted(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                            String inputJson) {
        ObjectNode data = CanonicalJson.MAPPER.createObjectNode();
        data.put("tool_name", tool);
        data.put("source", "engine");
        submit(EventType.TOOL_EXECUTION_STARTED, executionId, phaseId, sessionId, toolUseId, data);
    }

    @Override
    public void toolFinished(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                             boolean succeeded, String detail) {
        ObjectNode data = CanonicalJson.MAPPER.createObjectNode();
        data.put("tool_name", tool);
        data.put("source", "engine");
        if (detail != null) {
            data.put("detail", detail.length() > 2_000 ? detail.substring(0, 2_000) : detail);
        }
        submit(succeeded ? EventType.TOOL_EXECUTION_COMPLETED : EventType.TOOL_EXECUTION_FAILED, executionId, phaseId,
                sessionId, toolUseId, data);
    }

    @Override
    public void usage(String executionId, String phaseId, String sessionId, String model, TokenUsage tokens,
                      BigDecimal costUsd) {
        ObjectNode data = CanonicalJson.MAPPER.createObjectNode();
        // the runtime reports each model call once; a per-session sequence stands in for the API message id
        long n = usageSequence.computeIfAbsent(sessionId, s -> new AtomicLong()).incrementAndGet();
        data.put("message_id", sessionId + "#" + n);
        data.put("model", model == null ? "unknown" : model);
        data.put("input_tokens", tokens.input());
        data.put("output_tokens", tokens.output());
        data.put("cache_creation_input_tokens", tokens.cacheCreation());
        data.put("cache_read_input_tokens", tokens.cacheRead());
        if (costUsd != null) {
            data.put("cost_usd", costUsd);
        }
        data.put("source", "engine");
        submit(EventType.TOKEN_USAGE, executionId, phaseId, sessionId, null, data);
    }

    @Override
    public void observed(String executionId, String phaseId, String sessionId, String type, String toolUseId,
                         String dataJson, java.time.Instant time) {
        ObjectNode data;
        try {
            data = (ObjectNode) CanonicalJson.MAPPER.readTree(dataJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
            LOG.error("an agent runtime reported {} with data that is not a JSON object; this is a bug: {}", type, e.toString());
            return;
        }
        data.put("source", data.hasNonNull("source") ? data.get("source").asText() : "agent");
        Validation validation = telemetry.validator().create(time == null ? clock.instant() : time, type, executionId,
                phaseId, sessionId, toolUseId, data);
        if (!(validation instanceof Validation.Valid valid)) {
            LOG.error("an agent runtime reported a {} event the schema refuses: {}", type, validation);
            return;
        }
        try {
            telemetry.buffer().submit(List.<TelemetryEvent>of(valid.event()));
        } catch (InterruptedException e) {
            LOG.warn("a {} event of session {} was not taken: the agent was stopped while telemetry was full", type, sessionId);
            Thread.currentThread().interrupt();
        }
    }

    private void submit(EventType type, String executionId, String phaseId, String sessionId, String toolUseId,
                        ObjectNode data) {
        Validation validation = telemetry.validator().create(clock.instant(), type.wireName(), executionId, phaseId,
                sessionId, toolUseId, data);
        if (!(validation instanceof Validation.Valid valid)) {
            LOG.error("the engine produced a telemetry event the schema refuses ({}); this is a bug: {}", type, validation);
            return;
        }
        try {
            telemetry.buffer().submit(List.<TelemetryEvent>of(valid.event()));
        } catch (InterruptedException e) {
            // the agent is being stopped while the buffer was full: this event was never accepted
            LOG.warn("a {} event of session {} was not taken: the agent was stopped while telemetry was full", type, sessionId);
            Thread.currentThread().interrupt();
        }
    }
}
