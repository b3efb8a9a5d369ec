package io.syntropic137.observability;

import java.util.List;

/** The read side of telemetry: what the API and budget checks call. */
public final class TelemetryQueries {
    private final TelemetryStore store;
    private final CostCalculator costs;

    public TelemetryQueries(TelemetryStore store, PriceTable prices) {
        this.store = store;
        this.costs = new CostCalculator(prices);
    }

    public List<ToolCall> toolTimeline(String sessionId) {
        return ToolTimeline.of(store.toolEvents(sessionId));
    }

    public List<CostRow> costs(UsageScope scope, Dimension dimension) {
        return costs.rows(store.usageLines(scope, dimension), dimension);
    }

    /** Tokens and cost of one execution, summed over everything in it. */
    public CostRow executionCost(String executionId) {
        List<CostRow> rows = costs(UsageScope.execution(executionId), Dimension.EXECUTION);
        return rows.isEmpty() ? new CostRow(executionId, TokenCounts.ZERO, java.math.BigDecimal.ZERO,
                java.math.BigDecimal.ZERO, null, null, 0, java.util.Set.of()) : rows.getFirst();
    }

    public RecentPage recent(RecentQuery query) {
        return store.recent(query);
    }
}
