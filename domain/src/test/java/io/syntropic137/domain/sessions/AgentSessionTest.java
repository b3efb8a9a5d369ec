package io.syntropic137.domain.sessions;

import io.syntropic137.domain.sessions.SessionCommand.CompleteSession;
import io.syntropic137.domain.sessions.SessionCommand.RecordOperation;
import io.syntropic137.domain.sessions.SessionCommand.StartSession;
import io.syntropic137.domain.sessions.SessionEvent.OperationRecorded;
import io.syntropic137.domain.sessions.SessionEvent.SessionCompleted;
import io.syntropic137.domain.sessions.SessionEvent.SessionStarted;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.TokenUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class AgentSessionTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final SessionStarted STARTED = new SessionStarted("s", "ex", "plan", "anthropic", "sonnet", T);
    private static final TokenUsage TOKENS = new TokenUsage(10, 20, 30, 40);
    private static final OperationRecorded OP = new OperationRecorded("s", "tool:Bash", TOKENS, new BigDecimal("0.01"), T);

    @Test
    void start() {
        given(AgentSession.TYPE).when(new StartSession("s", "ex", "plan", "anthropic", "sonnet", T)).then(STARTED);
        given(AgentSession.TYPE, STARTED).when(new StartSession("s", "ex", "plan", "anthropic", "sonnet", T)).thenRejected(Rejection.AlreadyExists.class);
        given(AgentSession.TYPE).when(new StartSession("s", "ex", "plan", "anthropic", " ", T)).thenInvalid("model");
        given(AgentSession.TYPE).when(new StartSession("s", "ex", "", "anthropic", "m", T)).thenInvalid("phaseId");
    }

    @Test
    void recordOperation() {
        given(AgentSession.TYPE, STARTED).when(new RecordOperation("s", "tool:Bash", TOKENS, new BigDecimal("0.01"), T)).then(OP)
                .thenState(s -> {
                    assertThat(s.operationCount()).isEqualTo(1);
                    assertThat(s.tokens()).isEqualTo(TOKENS);
                });
        given(AgentSession.TYPE, STARTED).when(new RecordOperation("s", " ", TOKENS, null, T)).thenInvalid("operation");
        given(AgentSession.TYPE, STARTED).when(new RecordOperation("s", "llm", null, null, T)).thenInvalid("tokens");
        given(AgentSession.TYPE, STARTED).when(new RecordOperation("s", "llm", new TokenUsage(0, -1, 0, 0), null, T)).thenInvalid("tokens");
        given(AgentSession.TYPE, STARTED).when(new RecordOperation("s", "llm", TOKENS, new BigDecimal("-0.1"), T)).thenInvalid("costUsd");
        given(AgentSession.TYPE).when(new RecordOperation("s", "llm", TOKENS, null, T)).thenRejected(Rejection.NotFound.class);
    }

    @Test
    void complete() {
        given(AgentSession.TYPE, STARTED, OP).when(new CompleteSession("s", SessionOutcome.COMPLETED, null, null, null, T))
                .then(new SessionCompleted("s", SessionOutcome.COMPLETED, null, TOKENS, new BigDecimal("0.01"), 1, T));
        var reported = new TokenUsage(11, 22, 33, 44);
        given(AgentSession.TYPE, STARTED, OP).when(new CompleteSession("s", SessionOutcome.COMPLETED, null, reported, new BigDecimal("0.02"), T))
                .then(new SessionCompleted("s", SessionOutcome.COMPLETED, null, reported, new BigDecimal("0.02"), 1, T))
                .thenState(s -> assertThat(s.status()).isEqualTo(SessionStatus.COMPLETED));
        given(AgentSession.TYPE, STARTED).when(new CompleteSession("s", SessionOutcome.FAILED, " ", null, null, T)).thenInvalid("error");
        given(AgentSession.TYPE, STARTED).when(new CompleteSession("s", null, null, null, null, T)).thenInvalid("outcome");
        given(AgentSession.TYPE, STARTED).when(new CompleteSession("s", SessionOutcome.CANCELLED, null, new TokenUsage(-1, 0, 0, 0), null, T))
                .thenInvalid("reportedTokens");
        given(AgentSession.TYPE, STARTED, new SessionCompleted("s", SessionOutcome.CANCELLED, null, TokenUsage.NONE, BigDecimal.ZERO, 0, T))
                .when(new RecordOperation("s", "llm", TOKENS, null, T)).thenRejected(Rejection.IllegalTransition.class);
        given(AgentSession.TYPE).when(new CompleteSession("s", SessionOutcome.COMPLETED, null, null, null, T)).thenRejected(Rejection.NotFound.class);
    }
}
