package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One phase row of an execution's detail; {@code agentSucceeded} is null until its agent reported. */
public record PhaseView(String phaseId, String name, int order, PhaseStatus status, int attempts, String workspaceId,
                        String sessionId, Boolean agentSucceeded, String error, Instant startedAt, Instant completedAt,
                        Long durationMs, TokenUsage tokens, BigDecimal costUsd, List<String> artifactIds) {
    public PhaseView {
        artifactIds = artifactIds == null ? null : List.copyOf(artifactIds);
    }

    static PhaseView of(PhaseTable.Row r) {
        return new PhaseView(r.phaseId, r.name, r.order, r.status, r.attempts, r.workspaceId, r.sessionId,
                r.agentSucceeded == null ? null : r.agentSucceeded != 0, r.error, r.startedAt, r.completedAt, r.durationMs,
                r.tokens, r.costUsd, r.artifactIds);
    }
}
