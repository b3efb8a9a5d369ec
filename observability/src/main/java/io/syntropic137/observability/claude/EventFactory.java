package io.syntropic137.observability.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.syntropic137.observability.CanonicalJson;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryValidator;
import io.syntropic137.observability.Validation;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds validated events for the parsers. Agent output is not ours to trust: if something it said cannot be
 * stored (a NUL character, say), the event is replaced by an {@code error} event saying so, never dropped
 * silently and never an exception that would stop the parse.
 */
final class EventFactory {
    static final int MAX_TEXT = 2_000;

    private final TelemetryValidator validator = new TelemetryValidator();
    private final AgentContext context;

    EventFactory(AgentContext context) {
        this.context = context;
    }

    static ObjectNode object() {
        return CanonicalJson.MAPPER.createObjectNode();
    }

    void add(List<TelemetryEvent> out, Instant time, String type, String sessionId, String toolUseId, ObjectNode data) {
        Validation validation = validator.create(time, type, context.executionId(), context.phaseId(), sessionId, toolUseId, data);
        switch (validation) {
            case Validation.Valid valid -> out.add(valid.event());
            case Validation.Invalid invalid -> {
                ObjectNode problem = object();
                problem.put("source", "claude-code");
                problem.put("problem", "unstorable_agent_output");
                problem.put("reason", invalid.reason().code());
                problem.put("detail", invalid.detail());
                problem.put("original_type", type);
                out.add(validator.create(time, EventType.ERROR.wireName(), context.executionId(), context.phaseId(),
                        sessionId, null, problem).orThrow());
            }
        }
    }

    void add(List<TelemetryEvent> out, Instant time, EventType type, String sessionId, String toolUseId, ObjectNode data) {
        add(out, time, type.wireName(), sessionId, toolUseId, data);
    }

    String repo() {
        return context.repo();
    }

    /** A copy with every long string cut, so one huge tool input or output cannot blow the event size limit. */
    static JsonNode trimmed(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return text.length() <= MAX_TEXT ? node : TextNode.valueOf(text.substring(0, MAX_TEXT) + "…[" + text.length() + " chars]");
        }
        if (node.isObject()) {
            ObjectNode copy = object();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), trimmed(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = CanonicalJson.MAPPER.createArrayNode();
            int i = 0;
            for (JsonNode element : node) {
                if (i++ == 100) {
                    copy.add("…[" + node.size() + " elements]");
                    break;
                }
                copy.add(trimmed(element));
            }
            return copy;
        }
        return node;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
