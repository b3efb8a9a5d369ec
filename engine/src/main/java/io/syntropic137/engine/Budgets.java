package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.BudgetAction;
import io.syntropic137.domain.orchestration.ExecutionCommand.PauseExecution;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.WorkflowSettings;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cost caps of one execution: each phase's {@code max_cost_usd} and the workflow's. An overrun pauses the run
 * (once: resuming accepts the overrun) or fails it, as the workflow says.
 */
final class Budgets {
    private final WorkflowSettings settings;
    private final AtomicBoolean pauseRequested = new AtomicBoolean();

    Budgets(WorkflowSettings settings) {
        this.settings = settings;
    }

    BudgetAction action() {
        return settings.budgetAction();
    }

    /**
     * @param phaseCost     what the running phase attempt has cost so far
     * @param phaseRecorded whether {@code phaseCost} is already part of the execution's recorded total
     */
    Optional<String> overrun(EngineParts parts, String executionId, PhaseDefinition phase, BigDecimal phaseCost,
                             boolean phaseRecorded) {
        BigDecimal phaseCap = phase.settings().maxCostUsd();
        if (phaseCap != null && phaseCost.compareTo(phaseCap) > 0) {
            return Optional.of("budget exceeded: phase '" + phase.phaseId() + "' cost $" + phaseCost.toPlainString()
                    + ", over its max_cost_usd of $" + phaseCap.toPlainString());
        }
        BigDecimal cap = settings.maxCostUsd();
        if (cap == null) {
            return Optional.empty();
        }
        WorkflowExecution state = parts.commands().loadExecution(executionId);
        BigDecimal total = phaseRecorded ? state.costUsd() : state.costUsd().add(phaseCost);
        return total.compareTo(cap) > 0 ? Optional.of("budget exceeded: execution '" + executionId + "' cost $"
                + total.toPlainString() + ", over the workflow's max_cost_usd of $" + cap.toPlainString())
                : Optional.empty();
    }

    /** Asks for a pause at the next yield point, once per execution run on this node. */
    void requestPause(EngineParts parts, String executionId, String reason) {
        if (pauseRequested.compareAndSet(false, true)) {
            parts.commands().bestEffort(parts.commands().execution(new PauseExecution(executionId, reason, parts.now())),
                    "budget pause of " + executionId);
        }
    }
}
