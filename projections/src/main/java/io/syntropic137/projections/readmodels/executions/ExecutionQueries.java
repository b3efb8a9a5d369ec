package io.syntropic137.projections.readmodels.executions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.orchestration.ExecutionAction;
import io.syntropic137.domain.orchestration.ExecutionStateMachine;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Page;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The execution list (filters, newest or oldest first, keyset cursor), execution detail with phases, and
 * control state. The cursor is the (start time, id) of the last row, so pages stay stable while new
 * executions start: they sort before the first page, never into a page already read.
 */
public final class ExecutionQueries {
    public enum Sort { NEWEST_FIRST, OLDEST_FIRST }

    private static final String NAME = ExecutionsProjection.NAME;
    private final CachedReads reads;

    public ExecutionQueries(CachedReads reads) {
        this.reads = reads;
    }

    public Page<ExecutionSummary> list(ExecutionFilter filter, Sort sort, PageRequest page) {
        Cursor after = Cursor.parse(page.cursor());
        return reads.get(NAME, "list/" + filter.cacheKey() + "/" + sort + "/" + page.cacheKey(),
                new TypeReference<Page<ExecutionSummary>>() {
                }, (tables, c) -> list(tables, c, filter, sort, after, page.limit()));
    }

    public Optional<ExecutionDetail> detail(String executionId) {
        return Optional.ofNullable(reads.get(NAME, "detail/" + executionId, new TypeReference<ExecutionDetail>() {
        }, (tables, c) -> detail(tables, c, executionId)));
    }

    /**
     * Ids starting with {@code prefix}, in order, at most {@code limit}: resolves the short ids users type. Read
     * directly (not cached): an execution accepted a moment ago must be found.
     */
    public List<String> idsStartingWith(String prefix, int limit) {
        return io.syntropic137.projections.readmodels.support.IdPrefixes.find(reads, NAME, ExecutionTable.NAME,
                "execution_id", prefix, limit);
    }

    public Optional<ControlState> control(String executionId) {
        return detail(executionId).map(d -> {
            ExecutionSummary s = d.summary();
            List<ExecutionAction> allowed = ExecutionStateMachine.actionsFrom(s.status()).stream().sorted().toList();
            return new ControlState(s.executionId(), s.status(), d.pauseRequested(), d.pauseReason(), d.yieldPoint(),
                    s.currentPhaseId(), s.attempt(), allowed, ExecutionStateMachine.isTerminal(s.status()));
        });
    }

    private static Page<ExecutionSummary> list(ProjectionTables tables, Connection c, ExecutionFilter filter, Sort sort,
                                               Cursor after, int limit) throws SQLException {
        boolean newest = sort == Sort.NEWEST_FIRST;
        StringBuilder sql = new StringBuilder("SELECT " + ExecutionTable.INSTANCE.columnList() + " FROM "
                + tables.of(ExecutionTable.NAME) + " e WHERE 1 = 1");
        if (filter.status() != null) {
            sql.append(" AND status = ?");
        }
        if (filter.templateId() != null) {
            sql.append(" AND template_id = ?");
        }
        if (filter.repo() != null) {
            sql.append(" AND execution_id IN (SELECT execution_id FROM ").append(tables.of(RepoExecutionTable.NAME))
                    .append(" WHERE repo = ?)");
        }
        if (after != null) {
            sql.append(newest ? " AND (started_at < ? OR (started_at = ? AND execution_id < ?))"
                    : " AND (started_at > ? OR (started_at = ? AND execution_id > ?))");
        }
        String direction = newest ? " DESC" : " ASC";
        sql.append(" ORDER BY started_at").append(direction).append(", execution_id").append(direction).append(" LIMIT ?");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            Binder b = new Binder(s);
            if (filter.status() != null) {
                b.name(filter.status());
            }
            if (filter.templateId() != null) {
                b.text(filter.templateId());
            }
            if (filter.repo() != null) {
                b.text(filter.repo());
            }
            if (after != null) {
                b.number(after.startedAtMillis()).number(after.startedAtMillis()).text(after.executionId());
            }
            b.number(limit + 1L);
            List<ExecutionSummary> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(ExecutionSummary.of(ExecutionTable.INSTANCE.readRow(rs)));
                }
            }
            if (rows.size() <= limit) {
                return new Page<>(rows, null);
            }
            ExecutionSummary last = rows.get(limit - 1);
            return new Page<>(rows.subList(0, limit), new Cursor(last.startedAt().toEpochMilli(), last.executionId()).format());
        }
    }

    private static ExecutionDetail detail(ProjectionTables tables, Connection c, String executionId) throws SQLException {
        ExecutionTable.Row row;
        try (PreparedStatement s = c.prepareStatement("SELECT " + ExecutionTable.INSTANCE.columnList() + " FROM "
                + tables.of(ExecutionTable.NAME) + " WHERE execution_id = ?")) {
            s.setString(1, executionId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                row = ExecutionTable.INSTANCE.readRow(rs);
            }
        }
        List<PhaseView> phases = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + PhaseTable.INSTANCE.columnList() + " FROM "
                + tables.of(PhaseTable.NAME) + " WHERE execution_id = ? ORDER BY ord, phase_id")) {
            s.setString(1, executionId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    phases.add(PhaseView.of(PhaseTable.INSTANCE.readRow(rs)));
                }
            }
        }
        return new ExecutionDetail(ExecutionSummary.of(row), row.inputs, row.pauseRequested, row.pauseReason,
                row.yieldPoint, row.error, row.cancelReason, row.interruptReason, row.artifactCount, phases);
    }

    /** The keyset position after which the next page starts. */
    record Cursor(long startedAtMillis, String executionId) {
        String format() {
            return startedAtMillis + ":" + executionId;
        }

        static Cursor parse(String cursor) {
            if (cursor == null) {
                return null;
            }
            int colon = cursor.indexOf(':');
            try {
                return new Cursor(Long.parseLong(cursor.substring(0, Math.max(colon, 0))), cursor.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cursor + "' is not a cursor of the execution list");
            }
        }
    }
}
