package io.syntropic137.projections.readmodels.executions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.projections.readmodels.support.CachedReads;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Per-workflow run counts and per-phase metrics, and the all-workflow totals the dashboard shows. */
public final class WorkflowMetricsQueries {
    public record WorkflowRuns(String templateId, RunCounts runs, long running, long paused, String lastExecutionId,
                               Instant lastRunAt, TokenUsage tokens, BigDecimal costUsd) {
        static WorkflowRuns of(WorkflowRunsTable.Row r) {
            return new WorkflowRuns(r.templateId, RunCounts.of(r.counts), r.running, r.paused, r.lastExecutionId,
                    r.lastRunAt, r.tokens, r.costUsd);
        }

        static WorkflowRuns none(String templateId) {
            return of(fresh(templateId));
        }

        private static WorkflowRunsTable.Row fresh(String templateId) {
            WorkflowRunsTable.Row r = new WorkflowRunsTable.Row();
            r.templateId = templateId;
            return r;
        }
    }

    /** {@code averageDurationMs} is over completed runs of the phase, null before the first. */
    public record PhaseMetrics(String templateId, String phaseId, String name, int order, long started, long completed,
                               long agentFailures, Long averageDurationMs, long maxDurationMs, TokenUsage tokens,
                               BigDecimal costUsd) {
        static PhaseMetrics of(PhaseMetricsTable.Row r) {
            return new PhaseMetrics(r.templateId, r.phaseId, r.name, r.order, r.started, r.completed, r.agentFailures,
                    r.completed == 0 ? null : r.totalDurationMs / r.completed, r.maxDurationMs, r.tokens, r.costUsd);
        }
    }

    private static final String NAME = ExecutionsProjection.NAME;
    private final CachedReads reads;

    public WorkflowMetricsQueries(CachedReads reads) {
        this.reads = reads;
    }

    /** Runs of one template (zeros when it never ran). */
    public WorkflowRuns runs(String templateId) {
        return reads.get(NAME, "workflow-runs/" + templateId, new TypeReference<WorkflowRuns>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + WorkflowRunsTable.INSTANCE.columnList() + " FROM "
                    + tables.of(WorkflowRunsTable.NAME) + " WHERE template_id = ?")) {
                s.setString(1, templateId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? WorkflowRuns.of(WorkflowRunsTable.INSTANCE.readRow(rs)) : WorkflowRuns.none(templateId);
                }
            }
        });
    }

    /** Totals over every template. */
    public WorkflowRuns allRuns() {
        WorkflowRuns all = runs(WorkflowRunsTable.ALL);
        return new WorkflowRuns(null, all.runs(), all.running(), all.paused(), all.lastExecutionId(), all.lastRunAt(),
                all.tokens(), all.costUsd());
    }

    /** Metrics of each phase of a template that has run, in phase order. */
    public List<PhaseMetrics> phases(String templateId) {
        return reads.get(NAME, "phase-metrics/" + templateId, new TypeReference<List<PhaseMetrics>>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + PhaseMetricsTable.INSTANCE.columnList() + " FROM "
                    + tables.of(PhaseMetricsTable.NAME) + " WHERE template_id = ? ORDER BY ord, phase_id")) {
                s.setString(1, templateId);
                List<PhaseMetrics> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(PhaseMetrics.of(PhaseMetricsTable.INSTANCE.readRow(rs)));
                    }
                }
                return rows;
            }
        });
    }
}
