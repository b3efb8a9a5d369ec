package io.syntropic137.observability.claude;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.CanonicalJson;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.TelemetryEvent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one Claude Code run's {@code --output-format stream-json} lines into telemetry events. Stateful, one
 * instance per run, fed in order.
 *
 * <ul>
 *   <li>{@code system/init} → session_started</li>
 *   <li>a {@code tool_use} block → tool_execution_started (and subagent_started for Task/Agent)</li>
 *   <li>a {@code tool_result} → completed, failed, or tool_blocked (a hook or permission refused it), matched by
 *       tool_use_id</li>
 *   <li>assistant lines → one token_usage per API message: the CLI prints one line per content block, all
 *       sharing {@code message.id}; the usage is emitted once, when the message is over (its message_delta with
 *       partial messages, else the next line of another turn). Without partial messages the output count is the
 *       message-start snapshot ({@code output_tokens_final: false}); the result line's totals are authoritative.</li>
 *   <li>{@code result} → session_summary (and session_error when {@code is_error})</li>
 *   <li>{@code system/api_retry} → api_retry; {@code system/permission_denied} → permission_denied; a synthetic
 *       API-error message → error; a failed hook → error</li>
 * </ul>
 * Lines without a timestamp get the time they were received.
 */
public final class StreamJsonParser {
    private static final Set<String> SUBAGENT_TOOLS = Set.of("Task", "Agent");

    private static final class Message {
        final String id;
        final Instant time;
        String model;
        JsonNode usage;
        boolean outputFinal;
        String requestId;
        String parentToolUseId;
        final List<String> tools = new ArrayList<>();

        Message(String id, Instant time) {
            this.id = id;
            this.time = time;
        }
    }

    private final EventFactory events;
    private final Map<String, String> toolNames = new HashMap<>();
    private final Map<String, Message> openMessages = new LinkedHashMap<>();
    private final Set<String> finishedMessages = new HashSet<>();
    private final Set<String> deniedToolUses = new HashSet<>();
    private String sessionId;
    private Instant lastTime;

    public StreamJsonParser(AgentContext context) {
        this.events = new EventFactory(context);
    }

    public List<TelemetryEvent> accept(String line, Instant receivedAt) {
        List<TelemetryEvent> out = new ArrayList<>();
        if (line.isBlank()) {
            return out;
        }
        JsonNode node;
        try {
            node = CanonicalJson.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            ObjectNode data = EventFactory.object();
            data.put("source", "claude-code");
            data.put("problem", "stream line is not a JSON object");
            data.put("line", line.length() > EventFactory.MAX_TEXT ? line.substring(0, EventFactory.MAX_TEXT) : line);
            events.add(out, receivedAt, EventType.ERROR, sessionId, null, data);
            return out;
        }
        if (node.hasNonNull("session_id")) {
            sessionId = node.get("session_id").asText();
        }
        Instant time = timeOf(node, receivedAt);
        String type = EventFactory.text(node, "type");
        String subtype = EventFactory.text(node, "subtype");
        if ("assistant".equals(type)) {
            assistant(node, time, out);
        } else if ("stream_event".equals(type)) {
            streamEvent(node, time, out);
        } else {
            finishOpenMessages(out);
            if ("user".equals(type)) {
                user(node, time, out);
            } else if ("result".equals(type)) {
                result(node, time, out);
            } else if ("system".equals(type) && subtype != null) {
                system(node, subtype, time, out);
            }
        }
        return out;
    }

    /** Call at the end of the stream: emits usage of a message the stream never closed. */
    public List<TelemetryEvent> finish() {
        List<TelemetryEvent> out = new ArrayList<>();
        finishOpenMessages(out);
        return out;
    }

    public String sessionId() {
        return sessionId;
    }

    private Instant timeOf(JsonNode node, Instant receivedAt) {
        String stamp = EventFactory.text(node, "timestamp");
        if (stamp != null) {
            try {
                lastTime = OffsetDateTime.parse(stamp).toInstant();
                return lastTime;
            } catch (DateTimeParseException e) {
                // fall through: a malformed timestamp is no reason to lose the event
            }
        }
        return receivedAt;
    }

    private void assistant(JsonNode node, Instant time, List<TelemetryEvent> out) {
        JsonNode message = node.path("message");
        String messageId = EventFactory.text(message, "id");
        String model = EventFactory.text(message, "model");
        if (node.path("is_api_error_message").asBoolean(false) || "<synthetic>".equals(model)) {
            finishOpenMessages(out);
            ObjectNode data = EventFactory.object();
            data.put("source", "claude-code");
            data.put("problem", "api_error");
            data.set("error", node.get("error"));
            data.set("api_error_status", node.get("api_error_status"));
            data.set("api_error_type", node.get("api_error_type"));
            data.put("message", firstText(message.path("content")));
            events.add(out, time, EventType.ERROR, sessionId, null, data);
            return;
        }
        for (String other : List.copyOf(openMessages.keySet())) {
            if (!other.equals(messageId)) {
                finishMessage(openMessages.get(other), out);
            }
        }
        Message current = messageId == null || finishedMessages.contains(messageId) ? null
                : openMessages.computeIfAbsent(messageId, id -> new Message(id, time));
        if (current != null) {
            current.model = model != null ? model : current.model;
            if (!current.outputFinal && message.has("usage")) {
                current.usage = message.get("usage");
            }
            current.requestId = EventFactory.text(node, "request_id");
            current.parentToolUseId = EventFactory.text(node, "parent_tool_use_id");
        }
        for (JsonNode block : message.path("content")) {
            if ("tool_use".equals(EventFactory.text(block, "type"))) {
                toolUse(block, node, messageId, time, out);
                if (current != null) {
                    current.tools.add(EventFactory.text(block, "name"));
                }
            }
        }
    }

    private void toolUse(JsonNode block, JsonNode line, String messageId, Instant time, List<TelemetryEvent> out) {
        String toolUseId = EventFactory.text(block, "id");
        String name = EventFactory.text(block, "name");
        toolNames.put(toolUseId, name);
        ObjectNode data = EventFactory.object();
        data.put("tool_name", name);
        data.set("input", EventFactory.trimmed(block.get("input")));
        data.put("message_id", messageId);
        data.put("source", "stream");
        if (line.hasNonNull("parent_tool_use_id")) {
            data.put("parent_tool_use_id", line.get("parent_tool_use_id").asText());
        }
        events.add(out, time, EventType.TOOL_EXECUTION_STARTED, sessionId, toolUseId, data);
        if (SUBAGENT_TOOLS.contains(name)) {
            ObjectNode subagent = EventFactory.object();
            subagent.put("subagent_type", block.path("input").path("subagent_type").asText(null));
            subagent.put("description", block.path("input").path("description").asText(null));
            events.add(out, time, EventType.SUBAGENT_STARTED, sessionId, toolUseId, subagent);
        }
    }

    private void streamEvent(JsonNode node, Instant time, List<TelemetryEvent> out) {
        JsonNode event = node.path("event");
        String kind = EventFactory.text(event, "type");
        if ("message_start".equals(kind)) {
            String id = EventFactory.text(event.path("message"), "id");
            if (id != null && !finishedMessages.contains(id)) {
                Message message = openMessages.computeIfAbsent(id, key -> new Message(key, time));
                message.model = EventFactory.text(event.path("message"), "model");
                message.usage = event.path("message").get("usage");
            }
        } else if ("message_delta".equals(kind)) {
            Message message = openMessages.get(EventFactory.text(node, "api_message_id"));
            if (message != null && event.has("usage")) {
                message.usage = event.get("usage");
                message.outputFinal = true;
                finishMessage(message, out);
            }
        }
    }

    private void finishOpenMessages(List<TelemetryEvent> out) {
        for (Message message : List.copyOf(openMessages.values())) {
            finishMessage(message, out);
        }
    }

    private void finishMessage(Message message, List<TelemetryEvent> out) {
        openMessages.remove(message.id);
        if (!finishedMessages.add(message.id) || message.usage == null || message.model == null) {
            return;
        }
        ObjectNode data = EventFactory.object();
        data.put("message_id", message.id);
        data.put("model", message.model);
        for (String field : new String[]{"input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"}) {
            data.put(field, message.usage.path(field).asLong(0));
        }
        data.put("output_tokens_final", message.outputFinal);
        ArrayNode tools = data.putArray("tools");
        message.tools.forEach(tools::add);
        if (message.requestId != null) {
            data.put("request_id", message.requestId);
        }
        if (message.parentToolUseId != null) {
            data.put("parent_tool_use_id", message.parentToolUseId);
        }
        if (events.repo() != null) {
            data.put("repo", events.repo());
        }
        events.add(out, message.time, EventType.TOKEN_USAGE, sessionId, null, data);
    }

    private void user(JsonNode node, Instant time, List<TelemetryEvent> out) {
        for (JsonNode block : node.path("message").path("content")) {
            if (!"tool_result".equals(EventFactory.text(block, "type"))) {
                continue;
            }
            String toolUseId = EventFactory.text(block, "tool_use_id");
            String name = toolNames.get(toolUseId);
            boolean isError = block.path("is_error").asBoolean(false);
            String content = resultText(block.get("content"));
            ObjectNode data = EventFactory.object();
            data.put("tool_name", name);
            data.put("is_error", isError);
            data.put("output", content);
            data.put("source", "stream");
            EventType type;
            if (isError && (deniedToolUses.contains(toolUseId) || content.startsWith("PreToolUse:"))) {
                type = EventType.TOOL_BLOCKED;
                data.put("reason", content);
            } else {
                type = isError ? EventType.TOOL_EXECUTION_FAILED : EventType.TOOL_EXECUTION_COMPLETED;
            }
            events.add(out, time, type, sessionId, toolUseId, data);
            if (SUBAGENT_TOOLS.contains(name)) {
                ObjectNode subagent = EventFactory.object();
                subagent.put("is_error", isError);
                events.add(out, time, EventType.SUBAGENT_STOPPED, sessionId, toolUseId, subagent);
            }
        }
    }

    private static String resultText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        String text = content.isTextual() ? content.textValue() : firstText(content);
        return text.length() <= EventFactory.MAX_TEXT ? text : text.substring(0, EventFactory.MAX_TEXT) + "…";
    }

    private static String firstText(JsonNode blocks) {
        for (JsonNode block : blocks) {
            if (block.hasNonNull("text")) {
                return block.get("text").asText();
            }
        }
        return blocks.isTextual() ? blocks.textValue() : "";
    }

    private void system(JsonNode node, String subtype, Instant time, List<TelemetryEvent> out) {
        switch (subtype) {
            case "init" -> {
                ObjectNode data = EventFactory.object();
                data.put("source", "stream");
                data.put("model", EventFactory.text(node, "model"));
                data.put("cwd", EventFactory.text(node, "cwd"));
                data.put("claude_code_version", EventFactory.text(node, "claude_code_version"));
                data.put("permission_mode", EventFactory.text(node, "permissionMode"));
                data.put("tools", node.path("tools").size());
                if (events.repo() != null) {
                    data.put("repo", events.repo());
                }
                events.add(out, time, EventType.SESSION_STARTED, sessionId, null, data);
            }
            case "api_retry" -> {
                ObjectNode data = EventFactory.object();
                for (String field : new String[]{"attempt", "max_retries", "retry_delay_ms", "error_status", "error"}) {
                    data.set(field, node.get(field));
                }
                events.add(out, time, EventType.API_RETRY, sessionId, null, data);
            }
            case "permission_denied" -> {
                String toolUseId = EventFactory.text(node, "tool_use_id");
                if (toolUseId != null) {
                    deniedToolUses.add(toolUseId);
                }
                events.add(out, time, EventType.PERMISSION_DENIED, sessionId, toolUseId, withoutEnvelope(node));
            }
            case "hook_response" -> {
                if (!"success".equals(EventFactory.text(node, "outcome"))) {
                    ObjectNode data = withoutEnvelope(node);
                    data.put("source", "hook");
                    events.add(out, time, EventType.ERROR, sessionId, null, data);
                }
            }
            default -> {
                // status, hook_started, compact boundaries…: progress chatter, no telemetry
            }
        }
    }

    private static ObjectNode withoutEnvelope(JsonNode node) {
        ObjectNode data = EventFactory.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!Set.of("type", "subtype", "session_id", "uuid").contains(field.getKey())) {
                data.set(field.getKey(), EventFactory.trimmed(field.getValue()));
            }
        }
        return data;
    }

    private void result(JsonNode node, Instant time, List<TelemetryEvent> out) {
        ObjectNode data = EventFactory.object();
        data.put("subtype", EventFactory.text(node, "subtype"));
        data.put("is_error", node.path("is_error").asBoolean(false));
        data.set("num_turns", node.get("num_turns"));
        data.set("duration_ms", node.get("duration_ms"));
        data.set("duration_api_ms", node.get("duration_api_ms"));
        data.set("total_cost_usd", node.get("total_cost_usd"));
        data.set("terminal_reason", node.get("terminal_reason"));
        data.set("stop_reason", node.get("stop_reason"));
        data.set("api_error_status", node.get("api_error_status"));
        JsonNode usage = node.path("usage");
        ObjectNode totals = data.putObject("usage");
        for (String field : new String[]{"input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"}) {
            totals.put(field, usage.path(field).asLong(0));
        }
        ObjectNode models = data.putObject("models");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("modelUsage").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode m = entry.getValue();
            ObjectNode model = models.putObject(entry.getKey());
            model.put("input_tokens", m.path("inputTokens").asLong(0));
            model.put("output_tokens", m.path("outputTokens").asLong(0));
            model.put("cache_creation_input_tokens", m.path("cacheCreationInputTokens").asLong(0));
            model.put("cache_read_input_tokens", m.path("cacheReadInputTokens").asLong(0));
            model.set("cost_usd", m.get("costUSD"));
        }
        data.put("permission_denials", node.path("permission_denials").size());
        if (events.repo() != null) {
            data.put("repo", events.repo());
        }
        events.add(out, time, EventType.SESSION_SUMMARY, sessionId, null, data);
        for (JsonNode denial : node.path("permission_denials")) {
            String toolUseId = EventFactory.text(denial, "tool_use_id");
            if (toolUseId == null || !deniedToolUses.contains(toolUseId)) {
                ObjectNode denied = EventFactory.object();
                denied.put("tool_name", EventFactory.text(denial, "tool_name"));
                denied.set("tool_input", EventFactory.trimmed(denial.get("tool_input")));
                denied.put("source", "result");
                events.add(out, time, EventType.PERMISSION_DENIED, sessionId, toolUseId, denied);
            }
        }
        if (node.path("is_error").asBoolean(false)) {
            ObjectNode error = EventFactory.object();
            error.set("terminal_reason", node.get("terminal_reason"));
            error.set("api_error_status", node.get("api_error_status"));
            error.set("api_error_type", node.get("api_error_type"));
            error.put("result", resultText(node.get("result")));
            events.add(out, time, EventType.SESSION_ERROR, sessionId, null, error);
        }
    }
}
