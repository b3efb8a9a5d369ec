package io.syntropic137.projections.readmodels.sessions;

import io.syntropic137.domain.sessions.SessionStatus;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static io.syntropic137.projections.readmodels.support.Column.number;
import static io.syntropic137.projections.readmodels.support.Column.optionalNumber;
import static io.syntropic137.projections.readmodels.support.Column.optionalText;
import static io.syntropic137.projections.readmodels.support.Column.text;

/** {@code session}: one row per agent session, its running totals until it completes, then its final ones. */
final class SessionTable extends RowTable<String, SessionTable.Row> {
    static final SessionTable INSTANCE = new SessionTable();
    static final String NAME = "session";

    static final class Row {
        String sessionId;
        String executionId;
        String phaseId;
        String provider;
        String model;
        SessionStatus status;
        String error;
        Instant startedAt;
        Instant completedAt;
        long operationCount;
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal costUsd = BigDecimal.ZERO;
    }

    private SessionTable() {
        super(NAME, Column.of(text("session_id"), optionalText("execution_id"), optionalText("phase_id"), text("provider"),
                text("model"), text("status"), optionalText("error"), number("started_at"), optionalNumber("completed_at"),
                number("operation_count"), Column.tokens(""), text("cost_usd")), 1,
                List.of(List.of("started_at", "session_id"), List.of("execution_id", "started_at")));
    }

    @Override
    protected void bindKey(Binder b, String key) throws SQLException {
        b.text(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.sessionId).text(r.executionId).text(r.phaseId).text(r.provider).text(r.model).name(r.status).text(r.error)
                .instant(r.startedAt).instant(r.completedAt).number(r.operationCount).tokens(r.tokens).money(r.costUsd);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.sessionId = in.text();
        r.executionId = in.text();
        r.phaseId = in.text();
        r.provider = in.text();
        r.model = in.text();
        r.status = in.name(SessionStatus.class);
        r.error = in.text();
        r.startedAt = in.instant();
        r.completedAt = in.instant();
        r.operationCount = in.number();
        r.tokens = in.tokens();
        r.costUsd = in.money();
        return r;
    }
}
