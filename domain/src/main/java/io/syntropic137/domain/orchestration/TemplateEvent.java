package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.shared.DomainEvent;

import java.time.Instant;
import java.util.List;

/** Events of a {@link WorkflowTemplate}. */
public sealed interface TemplateEvent extends DomainEvent {

    String templateId();

    record WorkflowTemplateCreated(String templateId, String name, TemplateType type, String classification,
                                   String repository, String ref, List<InputDeclaration> inputs,
                                   List<PhaseDefinition> phases, WorkflowSettings settings, Instant at)
            implements TemplateEvent {

        public WorkflowTemplateCreated {
            settings = settings == null ? WorkflowSettings.DEFAULTS : settings;
        }

        public WorkflowTemplateCreated(String templateId, String name, TemplateType type, String classification,
                                       String repository, String ref, List<InputDeclaration> inputs,
                                       List<PhaseDefinition> phases, Instant at) {
            this(templateId, name, type, classification, repository, ref, inputs, phases, WorkflowSettings.DEFAULTS, at);
        }
    }

    /** Carries the phase's new values in full, not only what changed. */
    record WorkflowPhaseUpdated(String templateId, String phaseId, String prompt, String model, int timeoutSeconds,
                                List<String> allowedTools, Instant at) implements TemplateEvent {
    }

    record WorkflowTemplateArchived(String templateId, Instant at) implements TemplateEvent {
    }
}
