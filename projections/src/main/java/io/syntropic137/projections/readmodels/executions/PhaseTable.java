package io.syntropic137.projections.readmodels.executions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
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

/**
 * {@code execution_phase}: one row per planned phase of an execution. Tokens and cost add up every attempt
 * of the phase (a retry discards the work, not what it cost), so the phases sum to the execution's totals.
 */
final class PhaseTable extends RowTable<PhaseTable.Key, PhaseTable.Row> {
    static final PhaseTable INSTANCE = new PhaseTable();
    static final String NAME = "execution_phase";

    record Key(String executionId, String phaseId) {
        // written out: a record's own equals and hashCode go through invokedynamic (ObjectMethods), which showed
        // as 3 % of a catch-up's projection CPU for the keys of the rows a batch holds
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && java.util.Objects.equals(executionId, k.executionId) && java.util.Objects.equals(phaseId, k.phaseId);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(executionId) + java.util.Objects.hashCode(phaseId);
        }
    }

    static final class Row {
        String executionId;
        String phaseId;
        String name;
        int order;
        PhaseStatus status = PhaseStatus.PENDING;
        int attempts;
        String workspaceId;
        String sessionId;
        Long agentSucceeded;
        String error;
        Instant startedAt;
        Instant completedAt;
        Long durationMs;
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal costUsd = BigDecimal.ZERO;
        List<String> artifactIds = List.of();
    }

    private PhaseTable() {
        super(NAME, Column.of(text("execution_id"), text("phase_id"), text("name"), number("ord"), text("status"),
                number("attempts"), optionalText("workspace_id"), optionalText("session_id"), optionalNumber("agent_succeeded"),
                optionalText("error"), optionalNumber("started_at"), optionalNumber("completed_at"), optionalNumber("duration_ms"),
                Column.tokens(""), text("cost_usd"), text("artifact_ids")), 2, List.of());
    }

    @Override
    protected void bindKey(Binder b, Key key) throws SQLException {
        b.text(key.executionId()).text(key.phaseId());
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.executionId).text(r.phaseId).text(r.name).number(r.order).name(r.status).number(r.attempts)
                .text(r.workspaceId).text(r.sessionId).optionalNumber(r.agentSucceeded).text(r.error).instant(r.startedAt)
                .instant(r.completedAt).optionalNumber(r.durationMs).tokens(r.tokens).money(r.costUsd)
                .text(CachedReads.json(r.artifactIds));
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.executionId = in.text();
        r.phaseId = in.text();
        r.name = in.text();
        r.order = in.integer();
        r.status = in.name(PhaseStatus.class);
        r.attempts = in.integer();
        r.workspaceId = in.text();
        r.sessionId = in.text();
        r.agentSucceeded = in.optionalNumber();
        r.error = in.text();
        r.startedAt = in.instant();
        r.completedAt = in.instant();
        r.durationMs = in.optionalNumber();
        r.tokens = in.tokens();
        r.costUsd = in.money();
        r.artifactIds = CachedReads.fromJson(in.text(), new TypeReference<List<String>>() {
        });
        return r;
    }
}
