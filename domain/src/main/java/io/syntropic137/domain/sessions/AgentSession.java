package io.syntropic137.domain.sessions;

import io.syntropic137.domain.sessions.SessionCommand.CompleteSession;
import io.syntropic137.domain.sessions.SessionCommand.RecordOperation;
import io.syntropic137.domain.sessions.SessionCommand.StartSession;
import io.syntropic137.domain.sessions.SessionEvent.OperationRecorded;
import io.syntropic137.domain.sessions.SessionEvent.SessionCompleted;
import io.syntropic137.domain.sessions.SessionEvent.SessionStarted;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/** One agent run for one phase: provider, model, status, token counts, operation count and cost. */
public record AgentSession(String sessionId, String executionId, String phaseId, String provider, String model,
                           SessionStatus status, TokenUsage tokens, BigDecimal costUsd, long operationCount,
                           String error)
        implements Aggregate<AgentSession, SessionCommand, SessionEvent> {

    public static final AgentSession NONE = new AgentSession(null, null, null, null, null, SessionStatus.NONE,
            TokenUsage.NONE, BigDecimal.ZERO, 0, null);

    public static final AggregateType<AgentSession, SessionCommand, SessionEvent> TYPE = new AggregateType<>(
            "session", NONE, AgentSession.class, SessionCommand.class, SessionEvent.class);

    private static final String AGGREGATE = "agent session";

    @Override
    public Result<List<SessionEvent>, Rejection> decide(SessionCommand command) {
        if (command instanceof StartSession c) {
            return start(c);
        }
        if (status == SessionStatus.NONE) {
            return reject(new Rejection.NotFound(AGGREGATE, command.sessionId()));
        }
        if (status != SessionStatus.RUNNING) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, sessionId, status.name(),
                    command instanceof RecordOperation ? "record an operation in" : "complete",
                    "the session has ended"));
        }
        return switch (command) {
            case StartSession c -> throw new IllegalStateException("handled above");
            case RecordOperation c -> record(c);
            case CompleteSession c -> complete(c);
        };
    }

    private Result<List<SessionEvent>, Rejection> start(StartSession c) {
        if (status != SessionStatus.NONE) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, c.sessionId()));
        }
        Optional<Rejection> problem = Checks.firstProblem(Checks.id("sessionId", c.sessionId()),
                Checks.id("executionId", c.executionId()), Checks.id("phaseId", c.phaseId()),
                Checks.notBlank("provider", c.provider()), Checks.notBlank("model", c.model()),
                Checks.present("at", c.at()));
        return problem.isPresent() ? reject(problem.get()) : accept(new SessionStarted(c.sessionId(),
                c.executionId(), c.phaseId(), c.provider(), c.model(), c.at()));
    }

    private Result<List<SessionEvent>, Rejection> record(RecordOperation c) {
        Optional<Rejection> problem = Checks.firstProblem(Checks.notBlank("operation", c.operation()),
                tokenProblem("tokens", c.tokens()), costProblem("costUsd", c.costUsd()));
        return problem.isPresent() ? reject(problem.get()) : accept(new OperationRecorded(sessionId, c.operation(),
                c.tokens(), c.costUsd() == null ? BigDecimal.ZERO : c.costUsd(), c.at()));
    }

    private Result<List<SessionEvent>, Rejection> complete(CompleteSession c) {
        Optional<Rejection> problem = Checks.firstProblem(Checks.present("outcome", c.outcome()),
                c.reportedTokens() == null ? Optional.empty() : tokenProblem("reportedTokens", c.reportedTokens()),
                costProblem("reportedCostUsd", c.reportedCostUsd()),
                c.outcome() == SessionOutcome.FAILED ? Checks.notBlank("error", c.error()) : Optional.empty());
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        return accept(new SessionCompleted(sessionId, c.outcome(), c.error(),
                c.reportedTokens() == null ? tokens : c.reportedTokens(),
                c.reportedCostUsd() == null ? costUsd : c.reportedCostUsd(), operationCount, c.at()));
    }

    private static Optional<Rejection> tokenProblem(String field, TokenUsage usage) {
        if (usage == null) {
            return Checks.problem(field, "is required");
        }
        return usage.hasNegative() ? Checks.problem(field, "counts must be >= 0") : Optional.empty();
    }

    private static Optional<Rejection> costProblem(String field, BigDecimal cost) {
        return cost != null && cost.signum() < 0 ? Checks.problem(field, "must be >= 0") : Optional.empty();
    }

    @Override
    public AgentSession evolve(SessionEvent event) {
        return switch (event) {
            case SessionStarted e -> new AgentSession(e.sessionId(), e.executionId(), e.phaseId(), e.provider(),
                    e.model(), SessionStatus.RUNNING, TokenUsage.NONE, BigDecimal.ZERO, 0, null);
            case OperationRecorded e -> new AgentSession(sessionId, executionId, phaseId, provider, model, status,
                    tokens.plus(e.tokens()), costUsd.add(e.costUsd()), operationCount + 1, error);
            case SessionCompleted e -> new AgentSession(sessionId, executionId, phaseId, provider, model,
                    e.outcome().status(), e.tokens(), e.costUsd(), e.operationCount(), e.error());
        };
    }
}
