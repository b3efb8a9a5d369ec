package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.PhaseSettings;
import io.syntropic137.domain.orchestration.TemplateCommand.CreateWorkflowTemplate;
import io.syntropic137.domain.orchestration.WorkflowSettings;

import java.time.Instant;

/** Turns a validated definition into the command that creates its {@code WorkflowTemplate}. */
public final class TemplateMapping {

    /**
     * @param templateId the template's id, or null to use the definition's {@code id} (a server that stores
     *                   several versions of one definition picks its own ids)
     */
    public static CreateWorkflowTemplate toCreateCommand(WorkflowDefinition definition, String templateId,
                                                         Instant at) {
        WorkflowDefinition.Repository repository = definition.repository();
        return new CreateWorkflowTemplate(
                templateId == null ? definition.id() : templateId,
                definition.name(),
                definition.type(),
                definition.classification(),
                repository == null ? null : repository.url(),
                repository == null ? null : repository.ref(),
                definition.inputs(),
                definition.phases().stream().map(TemplateMapping::phase).toList(),
                new WorkflowSettings(definition.description(), definition.maxCostUsd(), definition.onBudgetExceeded()),
                at);
    }

    private static PhaseDefinition phase(WorkflowPhase p) {
        return new PhaseDefinition(p.id(), p.name(), p.order(), p.prompt(), p.model(), p.timeoutSeconds(),
                p.allowedTools(), new PhaseSettings(p.executionType(), p.maxTurns(), p.maxCostUsd(), p.retries(),
                p.inputArtifacts(), p.outputArtifacts(), p.agent(), p.command()));
    }

    private TemplateMapping() {
    }
}
