package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Cost per execution and per phase, from the domain's agent results (every attempt counts). Telemetry-based
 * costs are another module's; session and model costs are in the sessions read model.
 */
public final class CostQueries {
    public record PhaseCost(String phaseId, String name, int attempts, TokenUsage tokens, BigDecimal costUsd) {
    }

    public record ExecutionCost(String executionId, String templateId, TokenUsage tokens, BigDecimal costUsd,
                                List<PhaseCost> phases) {
    }

    private final ExecutionQueries executions;

    public CostQueries(ExecutionQueries executions) {
        this.executions = executions;
    }

    public Optional<ExecutionCost> execution(String executionId) {
        return executions.detail(executionId).map(d -> new ExecutionCost(d.summary().executionId(), d.summary().templateId(),
                d.summary().tokens(), d.summary().costUsd(), d.phases().stream()
                .map(p -> new PhaseCost(p.phaseId(), p.name(), p.attempts(), p.tokens(), p.costUsd())).toList()));
    }

    public Optional<PhaseCost> phase(String executionId, String phaseId) {
        return execution(executionId).flatMap(c -> c.phases().stream().filter(p -> p.phaseId().equals(phaseId)).findFirst());
    }
}
