package io.syntropic137.observability;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Valid events of every known type (and one unknown), built the way producers build them. */
public final class TestEvents {
    private static final TelemetryValidator VALIDATOR = new TelemetryValidator();

    public static TelemetryEvent event(Instant time, String type, String execution, String session, String toolUseId, ObjectNode data) {
        return VALIDATOR.create(time, type, execution, "phase-1", session, toolUseId, data).orThrow();
    }

    public static ObjectNode data() {
        return CanonicalJson.MAPPER.createObjectNode();
    }

    public static ObjectNode usage(String messageId, String model, long in, long out, long cacheWrite, long cacheRead) {
        ObjectNode data = data();
        data.put("message_id", messageId);
        data.put("model", model);
        data.put("input_tokens", in);
        data.put("output_tokens", out);
        data.put("cache_creation_input_tokens", cacheWrite);
        data.put("cache_read_input_tokens", cacheRead);
        return data;
    }

    /** One event of each known type plus one type no build knows, all in one session. */
    public static List<TelemetryEvent> everyType(Instant start, String execution, String session) {
        List<TelemetryEvent> events = new ArrayList<>();
        Instant time = start;
        for (EventType type : EventType.values()) {
            ObjectNode data = data();
            String toolUseId = null;
            switch (type) {
                case TOOL_EXECUTION_STARTED -> {
                    data.put("tool_name", "Bash");
                    data.putObject("input").put("command", "ls -la\t\"quoted\" \\ back\nslash ünïcödé");
                    toolUseId = "toolu_" + session;
                }
                case TOOL_EXECUTION_COMPLETED, TOOL_EXECUTION_FAILED, TOOL_BLOCKED -> {
                    data.put("tool_name", "Bash");
                    toolUseId = "toolu_" + session;
                }
                case TOKEN_USAGE -> data.setAll(usage("msg_" + session, "claude-opus-5-5", 10, 20, 30, 40));
                case SESSION_SUMMARY -> data.put("total_cost_usd", 0.5);
                case GIT_COMMIT -> data.put("sha", "0123abcd");
                case METRIC -> data.put("name", "claude_code.cost.usage");
                default -> data.put("note", type.wireName());
            }
            events.add(event(time, type.wireName(), execution, session, toolUseId, data));
            time = time.plusMillis(1);
        }
        ObjectNode future = data();
        future.put("whatever", 1);
        events.add(event(time, "agent_thought_v2", execution, session, null, future));
        return events;
    }

    private TestEvents() {
    }
}
