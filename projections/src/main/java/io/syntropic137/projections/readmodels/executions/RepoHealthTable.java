package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static io.syntropic137.projections.readmodels.support.Column.number;
import static io.syntropic137.projections.readmodels.support.Column.text;

/** {@code repo_health}: per repository, how its runs ended and which was the last one. */
final class RepoHealthTable extends RowTable<String, RepoHealthTable.Row> {
    static final RepoHealthTable INSTANCE = new RepoHealthTable();
    static final String NAME = "repo_health";

    static final class Row {
        String repo;
        OutcomeCounts counts = new OutcomeCounts();
        String lastExecutionId;
        ExecutionStatus lastStatus;
        Instant lastRunAt;
    }

    private RepoHealthTable() {
        super(NAME, Column.of(text("repo"), OutcomeCounts.columns(), text("last_execution_id"), text("last_status"),
                number("last_run_at")), 1, List.of());
    }

    @Override
    protected void bindKey(Binder b, String key) throws SQLException {
        b.text(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.repo);
        r.counts.bind(b);
        b.text(r.lastExecutionId).name(r.lastStatus).instant(r.lastRunAt);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.repo = in.text();
        r.counts = OutcomeCounts.read(in);
        r.lastExecutionId = in.text();
        r.lastStatus = in.name(ExecutionStatus.class);
        r.lastRunAt = in.instant();
        return r;
    }
}
