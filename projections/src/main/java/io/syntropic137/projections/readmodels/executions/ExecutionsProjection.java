package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.application.StreamIds;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.support.DomainProjection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Everything read from execution streams: the execution list and detail with per-phase rows, control state,
 * execution and phase costs, repo correlation and health, per-workflow run counts and phase metrics, and the
 * dashboard totals. They share one projection because they need the same events and each other's rows (a
 * phase's template, a run's repositories), so catching up reads and decodes every execution event once.
 */
public final class ExecutionsProjection extends DomainProjection {
    public static final String NAME = "executions";

    public ExecutionsProjection(EventCodec codec) {
        super(codec, NAME, 2, EventFilter.streamPrefix(StreamIds.prefix(WorkflowExecution.TYPE)), List.of(ExecutionTable.INSTANCE, PhaseTable.INSTANCE, RepoExecutionTable.INSTANCE, RepoHealthTable.INSTANCE, WorkflowRunsTable.INSTANCE, PhaseMetricsTable.INSTANCE));
    }

    @Override
    protected Fold begin(ProjectionTables tables, Connection c) {
        return new ExecutionFold(tables, c);
    }
}
