package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One line of the execution list. */
public record ExecutionSummary(String executionId, String templateId, ExecutionStatus status, String task,
                               List<String> repos, int phaseCount, int phasesCompleted, String currentPhaseId,
                               int attempt, Instant startedAt, Instant updatedAt, Instant finishedAt,
                               TokenUsage tokens, BigDecimal costUsd) {
    public ExecutionSummary {
        repos = repos == null ? null : List.copyOf(repos);
    }

    static ExecutionSummary of(ExecutionTable.Row r) {
        return new ExecutionSummary(r.executionId, r.templateId, r.status, r.task, r.repos, r.phaseCount,
                r.phasesCompleted, r.currentPhaseId, r.attempt, r.startedAt, r.updatedAt, r.finishedAt, r.tokens, r.costUsd);
    }
}
