package io.syntropic137.projections.readmodels.executions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Page;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** repo_correlation (which executions touched a repository, and the reverse) and repo health. */
public final class RepoQueries {
    public record RepoExecution(String repo, String executionId, String templateId, ExecutionStatus status,
                                Instant startedAt, Instant finishedAt) {
        static RepoExecution of(RepoExecutionTable.Row r) {
            return new RepoExecution(r.repo, r.executionId, r.templateId, r.status, r.startedAt, r.finishedAt);
        }
    }

    public record RepoHealth(String repo, RunCounts runs, String lastExecutionId, ExecutionStatus lastStatus,
                             Instant lastRunAt) {
        static RepoHealth of(RepoHealthTable.Row r) {
            return new RepoHealth(r.repo, RunCounts.of(r.counts), r.lastExecutionId, r.lastStatus, r.lastRunAt);
        }
    }

    private static final String NAME = ExecutionsProjection.NAME;
    private final CachedReads reads;

    public RepoQueries(CachedReads reads) {
        this.reads = reads;
    }

    /** Executions that worked on {@code repo}, newest first. */
    public Page<RepoExecution> executionsOf(String repo, PageRequest page) {
        return reads.get(NAME, "repo-executions/" + repo + "/" + page.cacheKey(), new TypeReference<Page<RepoExecution>>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + RepoExecutionTable.INSTANCE.columnList() + " FROM "
                    + tables.of(RepoExecutionTable.NAME) + " WHERE repo = ? ORDER BY started_at DESC, execution_id DESC LIMIT ? OFFSET ?")) {
                s.setString(1, repo);
                s.setInt(2, page.limit() + 1);
                s.setInt(3, page.offset());
                return Page.fromOffset(read(s), page);
            }
        });
    }

    /** Repositories an execution worked on. */
    public List<RepoExecution> reposOf(String executionId) {
        return reads.get(NAME, "execution-repos/" + executionId, new TypeReference<List<RepoExecution>>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + RepoExecutionTable.INSTANCE.columnList() + " FROM "
                    + tables.of(RepoExecutionTable.NAME) + " WHERE execution_id = ? ORDER BY repo")) {
                s.setString(1, executionId);
                return read(s);
            }
        });
    }

    public Optional<RepoHealth> health(String repo) {
        return Optional.ofNullable(reads.get(NAME, "repo-health/" + repo, new TypeReference<RepoHealth>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + RepoHealthTable.INSTANCE.columnList() + " FROM "
                    + tables.of(RepoHealthTable.NAME) + " WHERE repo = ?")) {
                s.setString(1, repo);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? RepoHealth.of(RepoHealthTable.INSTANCE.readRow(rs)) : null;
                }
            }
        }));
    }

    /** Every repository that has run, most recently run first. */
    public Page<RepoHealth> healthList(PageRequest page) {
        return reads.get(NAME, "repo-health-list/" + page.cacheKey(), new TypeReference<Page<RepoHealth>>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + RepoHealthTable.INSTANCE.columnList() + " FROM "
                    + tables.of(RepoHealthTable.NAME) + " ORDER BY last_run_at DESC, repo LIMIT ? OFFSET ?")) {
                s.setInt(1, page.limit() + 1);
                s.setInt(2, page.offset());
                List<RepoHealth> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(RepoHealth.of(RepoHealthTable.INSTANCE.readRow(rs)));
                    }
                }
                return Page.fromOffset(rows, page);
            }
        });
    }

    private static List<RepoExecution> read(PreparedStatement s) throws java.sql.SQLException {
        List<RepoExecution> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(RepoExecution.of(RepoExecutionTable.INSTANCE.readRow(rs)));
            }
        }
        return rows;
    }
}
