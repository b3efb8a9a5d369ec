package io.syntropic137.observability;

import java.time.Instant;

/** Which events a usage report covers; null means "any". {@code to} is exclusive. */
public record UsageScope(String executionId, String phaseId, String sessionId, Instant from, Instant to) {
    public static UsageScope all() {
        return new UsageScope(null, null, null, null, null);
    }

    public static UsageScope execution(String executionId) {
        return new UsageScope(executionId, null, null, null, null);
    }

    public static UsageScope session(String sessionId) {
        return new UsageScope(null, null, sessionId, null, null);
    }
}
