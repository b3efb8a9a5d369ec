package io.syntropic137.observability.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.CanonicalJson;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryValidator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Agent-shaped telemetry for the benchmark: per session a start, then tool calls (started, completed) each
 * followed by the API message's token usage, and a summary at the end; spread evenly over a few days so that
 * several partitions are written.
 */
final class SyntheticEvents {
    private static final String[] TOOLS = {"Bash", "Read", "Edit", "Write", "Grep"};
    private static final String[] MODELS = {"claude-opus-5-5", "claude-sonnet-5-5"};
    private static final int EVENTS_PER_SESSION = 50;

    static List<TelemetryEvent> generate(int count, Instant start, Duration span) {
        TelemetryValidator validator = new TelemetryValidator();
        List<TelemetryEvent> events = new ArrayList<>(count);
        long stepNanos = Math.max(1_000, span.toNanos() / Math.max(1, count));
        for (int i = 0; i < count; i++) {
            int session = i / EVENTS_PER_SESSION;
            int step = i % EVENTS_PER_SESSION;
            int execution = session / 4;
            int call = step / 3;
            Instant time = start.plusNanos(stepNanos * i);
            String sessionId = "sess-" + session;
            String toolUseId = "toolu_" + session + "_" + call;
            ObjectNode data = CanonicalJson.MAPPER.createObjectNode();
            String type;
            String tool = null;
            if (step == 0) {
                type = "session_started";
                data.put("model", MODELS[session % 2]).put("cwd", "/srv/ws/" + sessionId).put("claude_code_version", "2.1.331");
            } else if (step == EVENTS_PER_SESSION - 1) {
                type = "session_summary";
                data.put("num_turns", 16).put("duration_ms", 93_000 + session % 1000).put("is_error", false)
                        .put("total_cost_usd", 0.4 + (session % 100) / 1000.0);
                ObjectNode totals = data.putObject("usage");
                totals.put("input_tokens", 130).put("output_tokens", 4_200).put("cache_creation_input_tokens", 25_000)
                        .put("cache_read_input_tokens", 180_000);
                ObjectNode model = data.putObject("models").putObject(MODELS[session % 2]);
                model.setAll(totals);
                model.put("cost_usd", 0.4 + (session % 100) / 1000.0);
            } else {
                switch (step % 3) {
                    case 1 -> {
                        type = "tool_execution_started";
                        tool = TOOLS[call % TOOLS.length];
                        data.put("tool_name", tool);
                        data.putObject("input").put("command", "mvn -q test -pl module-" + (call % 7)).put("description", "run the tests");
                    }
                    case 2 -> {
                        type = "tool_execution_completed";
                        tool = TOOLS[call % TOOLS.length];
                        data.put("tool_name", tool).put("is_error", false).put("output", "BUILD SUCCESS in " + (i % 97) + " s");
                    }
                    default -> {
                        type = "token_usage";
                        data.put("message_id", "msg_" + session + "_" + call).put("model", MODELS[session % 2])
                                .put("input_tokens", 4 + i % 13).put("output_tokens", 120 + i % 400)
                                .put("cache_creation_input_tokens", 1_200 + i % 900).put("cache_read_input_tokens", 11_000 + i % 5_000)
                                .put("output_tokens_final", true).put("repo", "acme/repo-" + execution % 20);
                        data.putArray("tools").add(TOOLS[call % TOOLS.length]);
                    }
                }
            }
            events.add(validator.create(time, type, "exec-" + execution, "phase-" + session % 4, sessionId,
                    tool == null ? null : toolUseId, data).orThrow());
        }
        return events;
    }

    private SyntheticEvents() {
    }
}
