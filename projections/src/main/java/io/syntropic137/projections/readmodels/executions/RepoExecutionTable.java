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
import static io.syntropic137.projections.readmodels.support.Column.optionalNumber;
import static io.syntropic137.projections.readmodels.support.Column.text;

/** {@code repo_correlation}: which executions worked on which repository (both directions are indexed). */
final class RepoExecutionTable extends RowTable<RepoExecutionTable.Key, RepoExecutionTable.Row> {
    static final RepoExecutionTable INSTANCE = new RepoExecutionTable();
    static final String NAME = "repo_correlation";

    record Key(String repo, String executionId) {
        // written out: a record's own equals and hashCode go through invokedynamic (ObjectMethods), which showed
        // as 3 % of a catch-up's projection CPU for the keys of the rows a batch holds
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && java.util.Objects.equals(repo, k.repo) && java.util.Objects.equals(executionId, k.executionId);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(repo) + java.util.Objects.hashCode(executionId);
        }
    }

    static final class Row {
        String repo;
        String executionId;
        String templateId;
        ExecutionStatus status;
        Instant startedAt;
        Instant finishedAt;
    }

    private RepoExecutionTable() {
        super(NAME, Column.of(text("repo"), text("execution_id"), text("template_id"), text("status"), number("started_at"),
                optionalNumber("finished_at")), 2, List.of(List.of("execution_id"), List.of("repo", "started_at")));
    }

    @Override
    protected void bindKey(Binder b, Key key) throws SQLException {
        b.text(key.repo()).text(key.executionId());
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.repo).text(r.executionId).text(r.templateId).name(r.status).instant(r.startedAt).instant(r.finishedAt);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.repo = in.text();
        r.executionId = in.text();
        r.templateId = in.text();
        r.status = in.name(ExecutionStatus.class);
        r.startedAt = in.instant();
        r.finishedAt = in.instant();
        return r;
    }
}
