package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What one phase run produced, as far as the execution aggregate tracks it. */
public record PhaseResult(String phaseId, String workspaceId, String sessionId, boolean agentCompleted,
                          boolean agentSucceeded, TokenUsage tokens, BigDecimal costUsd, List<String> artifactIds,
                          Instant startedAt, Instant completedAt) {

    public PhaseResult {
        artifactIds = List.copyOf(artifactIds);
    }

    static PhaseResult started(String phaseId, Instant at) {
        return new PhaseResult(phaseId, null, null, false, false, TokenUsage.NONE, BigDecimal.ZERO, List.of(), at, null);
    }

    PhaseResult withWorkspace(String workspace) {
        return new PhaseResult(phaseId, workspace, sessionId, agentCompleted, agentSucceeded, tokens, costUsd,
                artifactIds, startedAt, completedAt);
    }

    PhaseResult withAgent(String session, boolean succeeded, TokenUsage used, BigDecimal cost) {
        return new PhaseResult(phaseId, workspaceId, session, true, succeeded, tokens.plus(used), costUsd.add(cost),
                artifactIds, startedAt, completedAt);
    }

    PhaseResult withArtifacts(List<String> more) {
        var all = new java.util.ArrayList<>(artifactIds);
        all.addAll(more);
        return new PhaseResult(phaseId, workspaceId, sessionId, agentCompleted, agentSucceeded, tokens, costUsd, all,
                startedAt, completedAt);
    }

    PhaseResult completedAt(Instant at) {
        return new PhaseResult(phaseId, workspaceId, sessionId, agentCompleted, agentSucceeded, tokens, costUsd,
                artifactIds, startedAt, at);
    }
}
