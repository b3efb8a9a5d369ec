package io.syntropic137.domain.sessions;

import io.syntropic137.domain.shared.Command;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;

/** Commands to an {@link AgentSession}. */
public sealed interface SessionCommand extends Command {

    String sessionId();

    @Override
    default String aggregateId() {
        return sessionId();
    }

    record StartSession(String sessionId, String executionId, String phaseId, String provider, String model,
                        Instant at) implements SessionCommand {
    }

    /** One tool call or model call; {@code tokens} and {@code costUsd} are what this operation added. */
    record RecordOperation(String sessionId, String operation, TokenUsage tokens, BigDecimal costUsd, Instant at)
            implements SessionCommand {
    }

    /**
     * Ends the session. {@code reportedTokens}/{@code reportedCostUsd} are the agent CLI's own final totals,
     * which replace the sums of the recorded operations when given (the CLI counts what we may have missed).
     */
    record CompleteSession(String sessionId, SessionOutcome outcome, String error, TokenUsage reportedTokens,
                           BigDecimal reportedCostUsd, Instant at) implements SessionCommand {
    }
}
