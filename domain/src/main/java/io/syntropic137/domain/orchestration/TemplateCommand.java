package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.shared.Command;

import java.time.Instant;
import java.util.List;

/** Commands to a {@link WorkflowTemplate}. */
public sealed interface TemplateCommand extends Command {

    String templateId();

    @Override
    default String aggregateId() {
        return templateId();
    }

    record CreateWorkflowTemplate(String templateId, String name, TemplateType type, String classification,
                                  String repository, String ref, List<InputDeclaration> inputs,
                                  List<PhaseDefinition> phases, WorkflowSettings settings, Instant at)
            implements TemplateCommand {

        public CreateWorkflowTemplate(String templateId, String name, TemplateType type, String classification,
                                      String repository, String ref, List<InputDeclaration> inputs,
                                      List<PhaseDefinition> phases, Instant at) {
            this(templateId, name, type, classification, repository, ref, inputs, phases, WorkflowSettings.DEFAULTS, at);
        }
    }

    /** Changes one phase; a null field keeps its current value. */
    record UpdatePhase(String templateId, String phaseId, String prompt, String model, Integer timeoutSeconds,
                       List<String> allowedTools, Instant at) implements TemplateCommand {
    }

    /**
     * @param activeExecutions how many runs of this template are not finished, as the caller's read model
     *                         knows it; archiving is refused while any are
     */
    record ArchiveWorkflowTemplate(String templateId, int activeExecutions, Instant at) implements TemplateCommand {
    }
}
