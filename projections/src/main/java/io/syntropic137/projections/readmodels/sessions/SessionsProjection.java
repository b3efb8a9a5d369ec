package io.syntropic137.projections.readmodels.sessions;

import io.syntropic137.application.StreamIds;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionEvent;
import io.syntropic137.domain.sessions.SessionEvent.OperationRecorded;
import io.syntropic137.domain.sessions.SessionEvent.SessionCompleted;
import io.syntropic137.domain.sessions.SessionEvent.SessionStarted;
import io.syntropic137.domain.sessions.SessionStatus;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.support.DomainProjection;
import io.syntropic137.projections.readmodels.support.Rows;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Session list and detail, and cost per session and per model. A completed session's reported totals replace
 * its running sum of operations; the model totals move by the difference, so they always equal the sum of
 * their sessions.
 */
public final class SessionsProjection extends DomainProjection {
    public static final String NAME = "sessions";

    public SessionsProjection(EventCodec codec) {
        super(codec, NAME, 1, EventFilter.streamPrefix(StreamIds.prefix(AgentSession.TYPE)), List.of(SessionTable.INSTANCE, ModelCostTable.INSTANCE));
    }

    @Override
    protected Fold begin(ProjectionTables tables, Connection c) {
        Rows<String, SessionTable.Row> sessions = SessionTable.INSTANCE.rows(tables, c);
        Rows<String, ModelCostTable.Row> models = ModelCostTable.INSTANCE.rows(tables, c);
        // one small method per event type: a single method holding every case was C2's costliest compilation
        // of a catch-up (about a quarter of a second, twice)
        return new Fold() {
            @Override
            public void apply(DomainEvent domainEvent, RecordedEvent recorded) throws SQLException {
                switch ((SessionEvent) domainEvent) {
                    case SessionStarted e -> started(sessions, models, e);
                    case OperationRecorded e -> operation(models, session(sessions, e, recorded), e);
                    case SessionCompleted e -> completed(models, session(sessions, e, recorded), e);
                }
            }

            @Override
            public void flush() throws SQLException {
                sessions.flush();
                models.flush();
            }
        };
    }

    private static void started(Rows<String, SessionTable.Row> sessions, Rows<String, ModelCostTable.Row> models, SessionStarted e)
            throws SQLException {
        SessionTable.Row s = new SessionTable.Row();
        s.sessionId = e.sessionId();
        s.executionId = e.executionId();
        s.phaseId = e.phaseId();
        s.provider = e.provider();
        s.model = e.model();
        s.status = SessionStatus.RUNNING;
        s.startedAt = e.at();
        sessions.put(s.sessionId, s);
        ModelCostTable.Row model = model(models, s.model);
        ModelCostTable.Row all = model(models, ModelCostTable.ALL);
        model.sessions++;
        model.running++;
        all.sessions++;
        all.running++;
    }

    /** The started session {@code event} belongs to, marked to be written. */
    private static SessionTable.Row session(Rows<String, SessionTable.Row> sessions, SessionEvent event, RecordedEvent recorded)
            throws SQLException {
        SessionTable.Row s = sessions.find(event.sessionId()).orElse(null);
        if (s == null) {
            throw new IllegalStateException("session " + event.sessionId() + " has " + recorded.type() + " before it started");
        }
        sessions.put(s.sessionId, s);
        return s;
    }

    private static void operation(Rows<String, ModelCostTable.Row> models, SessionTable.Row s, OperationRecorded e) throws SQLException {
        s.operationCount++;
        add(models, s, e.tokens(), e.costUsd());
    }

    private static void completed(Rows<String, ModelCostTable.Row> models, SessionTable.Row s, SessionCompleted e) throws SQLException {
        add(models, s, minus(e.tokens(), s.tokens), e.costUsd().subtract(s.costUsd));
        s.operationCount = e.operationCount();
        s.status = switch (e.outcome()) {
            case COMPLETED -> SessionStatus.COMPLETED;
            case FAILED -> SessionStatus.FAILED;
            case CANCELLED -> SessionStatus.CANCELLED;
        };
        s.error = e.error();
        s.completedAt = e.at();
        finished(model(models, s.model), s.status);
        finished(model(models, ModelCostTable.ALL), s.status);
    }

    private static void finished(ModelCostTable.Row m, SessionStatus status) {
        m.running--;
        switch (status) {
            case COMPLETED -> m.completed++;
            case FAILED -> m.failed++;
            default -> m.cancelled++;
        }
    }

    private static void add(Rows<String, ModelCostTable.Row> models, SessionTable.Row s, TokenUsage tokens, BigDecimal cost)
            throws SQLException {
        s.tokens = s.tokens.plus(tokens);
        s.costUsd = s.costUsd.add(cost);
        added(model(models, s.model), tokens, cost);
        added(model(models, ModelCostTable.ALL), tokens, cost);
    }

    private static void added(ModelCostTable.Row m, TokenUsage tokens, BigDecimal cost) {
        m.tokens = m.tokens.plus(tokens);
        m.costUsd = m.costUsd.add(cost);
    }

    private static TokenUsage minus(TokenUsage a, TokenUsage b) {
        return new TokenUsage(a.input() - b.input(), a.output() - b.output(), a.cacheCreation() - b.cacheCreation(),
                a.cacheRead() - b.cacheRead());
    }

    private static ModelCostTable.Row model(Rows<String, ModelCostTable.Row> models, String model) throws SQLException {
        return models.getOrCreate(model, () -> {
            ModelCostTable.Row m = new ModelCostTable.Row();
            m.model = model;
            return m;
        });
    }
}
