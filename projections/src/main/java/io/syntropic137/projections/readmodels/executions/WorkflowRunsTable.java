package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static io.syntropic137.projections.readmodels.support.Column.optionalNumber;
import static io.syntropic137.projections.readmodels.support.Column.optionalText;
import static io.syntropic137.projections.readmodels.support.Column.text;

/**
 * {@code workflow_runs}: per template, how its runs ended and what they cost; the key {@code *} holds the
 * totals over every template, which is what the dashboard shows.
 */
final class WorkflowRunsTable extends RowTable<String, WorkflowRunsTable.Row> {
    static final WorkflowRunsTable INSTANCE = new WorkflowRunsTable();
    static final String NAME = "workflow_runs";
    static final String ALL = "*";

    static final class Row {
        String templateId;
        OutcomeCounts counts = new OutcomeCounts();
        long running;
        long paused;
        String lastExecutionId;
        Instant lastRunAt;
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal costUsd = BigDecimal.ZERO;
    }

    private WorkflowRunsTable() {
        super(NAME, Column.of(text("template_id"), OutcomeCounts.columns(), Column.number("running"), Column.number("paused"),
                optionalText("last_execution_id"), optionalNumber("last_run_at"), Column.tokens(""), text("cost_usd")),
                1, List.of());
    }

    @Override
    protected void bindKey(Binder b, String key) throws SQLException {
        b.text(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.templateId);
        r.counts.bind(b);
        b.number(r.running).number(r.paused).text(r.lastExecutionId).instant(r.lastRunAt).tokens(r.tokens).money(r.costUsd);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.templateId = in.text();
        r.counts = OutcomeCounts.read(in);
        r.running = in.number();
        r.paused = in.number();
        r.lastExecutionId = in.text();
        r.lastRunAt = in.instant();
        r.tokens = in.tokens();
        r.costUsd = in.money();
        return r;
    }
}
