package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.BudgetAction;
import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.TemplateType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A validated workflow definition with every default applied and every prompt file read: what
 * {@link WorkflowLoader} returns and {@link TemplateMapping} turns into a template. The format is described in
 * {@code docs/workflows.md}.
 *
 * @param repository the repository the workflow works on, or null
 * @param maxCostUsd the budget of one run, or null for none
 */
public record WorkflowDefinition(String id, String name, String description, TemplateType type,
                                 String classification, Repository repository, List<InputDeclaration> inputs,
                                 BigDecimal maxCostUsd, BudgetAction onBudgetExceeded, List<WorkflowPhase> phases) {

    /** @param ref a branch, tag or commit, or null for the repository's default branch */
    public record Repository(String url, String ref) {
    }

    public WorkflowDefinition {
        inputs = List.copyOf(inputs);
        phases = List.copyOf(phases);
    }

    public Optional<WorkflowPhase> phase(String phaseId) {
        return phases.stream().filter(p -> p.id().equals(phaseId)).findFirst();
    }
}
