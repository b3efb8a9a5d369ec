package io.syntropic137.domain.sessions;

import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;

/** Events of an {@link AgentSession}. */
public sealed interface SessionEvent extends DomainEvent {

    String sessionId();

    record SessionStarted(String sessionId, String executionId, String phaseId, String provider, String model,
                          Instant at) implements SessionEvent {
    }

    record OperationRecorded(String sessionId, String operation, TokenUsage tokens, BigDecimal costUsd, Instant at)
            implements SessionEvent {
    }

    /** Final totals of the session, whichever source they came from. */
    record SessionCompleted(String sessionId, SessionOutcome outcome, String error, TokenUsage tokens,
                            BigDecimal costUsd, long operationCount, Instant at) implements SessionEvent {
    }
}
