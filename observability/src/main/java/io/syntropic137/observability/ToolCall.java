package io.syntropic137.observability;

import java.time.Instant;

/**
 * One tool call in a session's timeline, joined from every event about it (stream and hooks) by tool_use_id.
 *
 * @param finishedAt null while running
 * @param durationMs as reported by a hook when there is one, else finishedAt − startedAt; null while running
 */
public record ToolCall(String toolUseId, String toolName, Instant startedAt, Instant finishedAt, Status status,
                       Long durationMs, int events) {
    public enum Status { RUNNING, COMPLETED, FAILED, BLOCKED }
}
