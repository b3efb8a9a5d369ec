package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;

import static io.syntropic137.projections.readmodels.support.Column.number;
import static io.syntropic137.projections.readmodels.support.Column.text;

/** {@code workflow_phase_metrics}: per template and phase, how often it ran, how long it took, what it cost. */
final class PhaseMetricsTable extends RowTable<PhaseMetricsTable.Key, PhaseMetricsTable.Row> {
    static final PhaseMetricsTable INSTANCE = new PhaseMetricsTable();
    static final String NAME = "workflow_phase_metrics";

    record Key(String templateId, String phaseId) {
        // written out: a record's own equals and hashCode go through invokedynamic (ObjectMethods), which showed
        // as 3 % of a catch-up's projection CPU for the keys of the rows a batch holds
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && java.util.Objects.equals(templateId, k.templateId) && java.util.Objects.equals(phaseId, k.phaseId);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(templateId) + java.util.Objects.hashCode(phaseId);
        }
    }

    static final class Row {
        String templateId;
        String phaseId;
        String name;
        int order;
        long started;
        long completed;
        long agentFailures;
        long totalDurationMs;
        long maxDurationMs;
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal costUsd = BigDecimal.ZERO;
    }

    private PhaseMetricsTable() {
        super(NAME, Column.of(text("template_id"), text("phase_id"), text("name"), number("ord"), number("started"),
                number("completed"), number("agent_failures"), number("total_duration_ms"), number("max_duration_ms"),
                Column.tokens(""), text("cost_usd")), 2, List.of());
    }

    @Override
    protected void bindKey(Binder b, Key key) throws SQLException {
        b.text(key.templateId()).text(key.phaseId());
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.templateId).text(r.phaseId).text(r.name).number(r.order).number(r.started).number(r.completed)
                .number(r.agentFailures).number(r.totalDurationMs).number(r.maxDurationMs).tokens(r.tokens).money(r.costUsd);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.templateId = in.text();
        r.phaseId = in.text();
        r.name = in.text();
        r.order = in.integer();
        r.started = in.number();
        r.completed = in.number();
        r.agentFailures = in.number();
        r.totalDurationMs = in.number();
        r.maxDurationMs = in.number();
        r.tokens = in.tokens();
        r.costUsd = in.money();
        return r;
    }
}
