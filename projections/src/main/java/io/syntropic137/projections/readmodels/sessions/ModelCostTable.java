package io.syntropic137.projections.readmodels.sessions;

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

/**
 * {@code model_cost}: tokens and cost per model, summed over its sessions; the key {@code *} holds the totals
 * and the session counts by status for the dashboard.
 */
final class ModelCostTable extends RowTable<String, ModelCostTable.Row> {
    static final ModelCostTable INSTANCE = new ModelCostTable();
    static final String NAME = "model_cost";
    static final String ALL = "*";

    static final class Row {
        String model;
        long sessions;
        long running;
        long completed;
        long failed;
        long cancelled;
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal costUsd = BigDecimal.ZERO;
    }

    private ModelCostTable() {
        super(NAME, Column.of(text("model"), number("sessions"), number("running"), number("completed"), number("failed"),
                number("cancelled"), Column.tokens(""), text("cost_usd")), 1, List.of());
    }

    @Override
    protected void bindKey(Binder b, String key) throws SQLException {
        b.text(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.model).number(r.sessions).number(r.running).number(r.completed).number(r.failed).number(r.cancelled)
                .tokens(r.tokens).money(r.costUsd);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.model = in.text();
        r.sessions = in.number();
        r.running = in.number();
        r.completed = in.number();
        r.failed = in.number();
        r.cancelled = in.number();
        r.tokens = in.tokens();
        r.costUsd = in.money();
        return r;
    }
}
