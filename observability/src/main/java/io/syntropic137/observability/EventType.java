package io.syntropic137.observability;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The telemetry event types this build knows. Agents newer than this build may send other types: those are
 * stored as they are with {@link TelemetryEvent#knownType()} false, never dropped.
 */
public enum EventType {
    TOOL_EXECUTION_STARTED("tool_execution_started"),
    TOOL_EXECUTION_COMPLETED("tool_execution_completed"),
    TOOL_EXECUTION_FAILED("tool_execution_failed"),
    TOOL_BLOCKED("tool_blocked"),
    TOKEN_USAGE("token_usage"),
    SESSION_STARTED("session_started"),
    SESSION_SUMMARY("session_summary"),
    SESSION_ERROR("session_error"),
    SESSION_ENDED("session_ended"),
    PROMPT_SUBMITTED("prompt_submitted"),
    AGENT_STOPPED("agent_stopped"),
    SUBAGENT_STARTED("subagent_started"),
    SUBAGENT_STOPPED("subagent_stopped"),
    API_RETRY("api_retry"),
    PERMISSION_DENIED("permission_denied"),
    GIT_COMMIT("git_commit"),
    GIT_PUSH("git_push"),
    PHASE_STARTED("phase_started"),
    PHASE_COMPLETED("phase_completed"),
    NOTIFICATION("notification"),
    /** One data point of an agent's own metrics (OTLP): name, value, unit, interval, attributes. */
    METRIC("metric"),
    ERROR("error");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public boolean isToolEvent() {
        return this == TOOL_EXECUTION_STARTED || this == TOOL_EXECUTION_COMPLETED || this == TOOL_EXECUTION_FAILED
                || this == TOOL_BLOCKED;
    }
}
