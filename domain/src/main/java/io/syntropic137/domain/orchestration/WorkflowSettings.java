package io.syntropic137.domain.orchestration;

import java.math.BigDecimal;

/**
 * Workflow-wide settings.
 *
 * @param maxCostUsd   the budget of one execution, or null for none
 * @param budgetAction what a phase or execution over its budget does
 */
public record WorkflowSettings(String description, BigDecimal maxCostUsd, BudgetAction budgetAction) {

    public static final WorkflowSettings DEFAULTS = new WorkflowSettings(null, null, BudgetAction.PAUSE);

    public WorkflowSettings {
        budgetAction = budgetAction == null ? BudgetAction.PAUSE : budgetAction;
    }
}
