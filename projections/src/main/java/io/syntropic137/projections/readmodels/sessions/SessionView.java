package io.syntropic137.projections.readmodels.sessions;

import io.syntropic137.domain.sessions.SessionStatus;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;

/** One agent session: list line and detail alike (a session has no nested rows in the domain). */
public record SessionView(String sessionId, String executionId, String phaseId, String provider, String model,
                          SessionStatus status, String error, Instant startedAt, Instant completedAt, long operationCount,
                          TokenUsage tokens, BigDecimal costUsd) {
    static SessionView of(SessionTable.Row r) {
        return new SessionView(r.sessionId, r.executionId, r.phaseId, r.provider, r.model, r.status, r.error, r.startedAt,
                r.completedAt, r.operationCount, r.tokens, r.costUsd);
    }
}
