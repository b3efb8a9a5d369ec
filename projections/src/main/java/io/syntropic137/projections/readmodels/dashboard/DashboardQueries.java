package io.syntropic137.projections.readmodels.dashboard;

import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.projections.readmodels.executions.RunCounts;
import io.syntropic137.projections.readmodels.executions.WorkflowMetricsQueries;
import io.syntropic137.projections.readmodels.sessions.SessionQueries;

import java.math.BigDecimal;

/**
 * Dashboard metrics: execution outcomes and live gauges with their tokens and cost (executions read model) and
 * session counts (sessions read model). Each half is cached under its own projection, so a batch of one never
 * serves a stale half of the other.
 */
public final class DashboardQueries {
    public record Dashboard(RunCounts executions, long running, long paused, TokenUsage executionTokens,
                            BigDecimal executionCostUsd, long sessions, long sessionsRunning, long sessionsFailed,
                            TokenUsage sessionTokens, BigDecimal sessionCostUsd) {
    }

    private final WorkflowMetricsQueries workflows;
    private final SessionQueries sessions;

    public DashboardQueries(WorkflowMetricsQueries workflows, SessionQueries sessions) {
        this.workflows = workflows;
        this.sessions = sessions;
    }

    public Dashboard dashboard() {
        WorkflowMetricsQueries.WorkflowRuns runs = workflows.allRuns();
        SessionQueries.ModelCost s = sessions.totals();
        return new Dashboard(runs.runs(), runs.running(), runs.paused(), runs.tokens(), runs.costUsd(), s.sessions(),
                s.running(), s.failed(), s.tokens(), s.costUsd());
    }
}
