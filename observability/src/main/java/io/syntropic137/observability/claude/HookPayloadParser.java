package io.syntropic137.observability.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.TelemetryEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one Claude Code hook payload (the JSON a hook command receives on stdin, forwarded by the workspace)
 * into telemetry events. Tool hooks carry the same tool_use_id as the stream's tool_use block, so the tool
 * timeline joins both sources on it. Hook events this build does not know become {@code hook.<name>} events,
 * stored with the unknown-type flag.
 */
public final class HookPayloadParser {

    public List<TelemetryEvent> parse(JsonNode payload, AgentContext context, Instant receivedAt) {
        EventFactory events = new EventFactory(context);
        List<TelemetryEvent> out = new ArrayList<>();
        String session = EventFactory.text(payload, "session_id");
        String hook = EventFactory.text(payload, "hook_event_name");
        String toolUseId = EventFactory.text(payload, "tool_use_id");
        ObjectNode data = EventFactory.object();
        data.put("source", "hook");
        data.put("hook_event", hook);
        if (payload.hasNonNull("tool_name")) {
            data.put("tool_name", payload.get("tool_name").asText());
        }
        switch (hook == null ? "" : hook) {
            case "SessionStart" -> {
                data.put("start_source", EventFactory.text(payload, "source"));
                data.put("cwd", EventFactory.text(payload, "cwd"));
                events.add(out, receivedAt, EventType.SESSION_STARTED, session, null, data);
            }
            case "UserPromptSubmit" -> {
                data.put("prompt_id", EventFactory.text(payload, "prompt_id"));
                data.set("prompt", EventFactory.trimmed(payload.get("prompt")));
                events.add(out, receivedAt, EventType.PROMPT_SUBMITTED, session, null, data);
            }
            case "PreToolUse" -> {
                data.set("input", EventFactory.trimmed(payload.get("tool_input")));
                events.add(out, receivedAt, EventType.TOOL_EXECUTION_STARTED, session, toolUseId, data);
            }
            case "PostToolUse" -> {
                data.set("duration_ms", payload.get("duration_ms"));
                data.set("response", EventFactory.trimmed(payload.get("tool_response")));
                events.add(out, receivedAt, EventType.TOOL_EXECUTION_COMPLETED, session, toolUseId, data);
            }
            case "PostToolUseFailure" -> {
                data.set("duration_ms", payload.get("duration_ms"));
                data.set("error", EventFactory.trimmed(payload.get("error")));
                events.add(out, receivedAt, EventType.TOOL_EXECUTION_FAILED, session, toolUseId, data);
            }
            case "Stop" -> {
                data.set("stop_hook_active", payload.get("stop_hook_active"));
                events.add(out, receivedAt, EventType.AGENT_STOPPED, session, null, data);
            }
            case "SubagentStart" -> {
                data.set("agent_type", payload.get("agent_type"));
                events.add(out, receivedAt, EventType.SUBAGENT_STARTED, session, toolUseId, data);
            }
            case "SubagentStop" -> {
                data.set("agent_type", payload.get("agent_type"));
                events.add(out, receivedAt, EventType.SUBAGENT_STOPPED, session, toolUseId, data);
            }
            case "SessionEnd" -> {
                data.put("reason", EventFactory.text(payload, "reason"));
                events.add(out, receivedAt, EventType.SESSION_ENDED, session, null, data);
            }
            case "Notification" -> {
                data.set("message", EventFactory.trimmed(payload.get("message")));
                events.add(out, receivedAt, EventType.NOTIFICATION, session, null, data);
            }
            default -> {
                data.set("payload", EventFactory.trimmed(payload));
                events.add(out, receivedAt, "hook." + snake(hook == null ? "unnamed" : hook), session, toolUseId, data);
            }
        }
        return out;
    }

    private static String snake(String name) {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return snake.isEmpty() || !Character.isLetter(snake.charAt(0)) ? "x" + snake : snake;
    }
}
