package io.syntropic137.observability;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a session's tool timeline. The same call is usually reported twice — by the stream and by the hooks —
 * so events are joined on tool_use_id: earliest start, latest end, and the most severe outcome
 * (blocked over failed over completed).
 */
public final class ToolTimeline {

    private static final class Builder {
        final String toolUseId;
        String toolName;
        Instant startedAt;
        Instant finishedAt;
        ToolCall.Status status = ToolCall.Status.RUNNING;
        Long reportedDuration;
        int events;

        Builder(String toolUseId) {
            this.toolUseId = toolUseId;
        }
    }

    public static List<ToolCall> of(List<TelemetryEvent> toolEvents) {
        Map<String, Builder> calls = new LinkedHashMap<>();
        for (TelemetryEvent event : toolEvents) {
            if (event.toolUseId() == null) {
                continue;
            }
            EventType type = EventType.fromWireName(event.type()).orElse(null);
            if (type == null || !type.isToolEvent()) {
                continue;
            }
            Builder call = calls.computeIfAbsent(event.toolUseId(), Builder::new);
            call.events++;
            ObjectNode data = CanonicalJson.readObject(event.dataJson());
            if (call.toolName == null && data.hasNonNull("tool_name")) {
                call.toolName = data.get("tool_name").asText();
            }
            if (type == EventType.TOOL_EXECUTION_STARTED) {
                call.startedAt = call.startedAt == null || event.time().isBefore(call.startedAt) ? event.time() : call.startedAt;
            } else {
                call.finishedAt = call.finishedAt == null || event.time().isAfter(call.finishedAt) ? event.time() : call.finishedAt;
                ToolCall.Status outcome = switch (type) {
                    case TOOL_BLOCKED -> ToolCall.Status.BLOCKED;
                    case TOOL_EXECUTION_FAILED -> ToolCall.Status.FAILED;
                    default -> ToolCall.Status.COMPLETED;
                };
                if (outcome.ordinal() > call.status.ordinal()) {
                    call.status = outcome;
                }
                if (data.hasNonNull("duration_ms")) {
                    call.reportedDuration = data.get("duration_ms").asLong();
                }
            }
        }
        List<ToolCall> timeline = new ArrayList<>(calls.size());
        for (Builder call : calls.values()) {
            Long duration = call.reportedDuration;
            if (duration == null && call.startedAt != null && call.finishedAt != null) {
                duration = Duration.between(call.startedAt, call.finishedAt).toMillis();
            }
            timeline.add(new ToolCall(call.toolUseId, call.toolName, call.startedAt,
                    call.status == ToolCall.Status.RUNNING ? null : call.finishedAt, call.status, duration, call.events));
        }
        timeline.sort(Comparator.comparing((ToolCall c) -> c.startedAt() == null ? c.finishedAt() : c.startedAt(),
                Comparator.nullsLast(Comparator.naturalOrder())));
        return timeline;
    }

    private ToolTimeline() {
    }
}
