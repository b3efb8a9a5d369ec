package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.orchestration.TemplateCommand.ArchiveWorkflowTemplate;
import io.syntropic137.domain.orchestration.TemplateCommand.CreateWorkflowTemplate;
import io.syntropic137.domain.orchestration.TemplateCommand.UpdatePhase;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowPhaseUpdated;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowTemplateArchived;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowTemplateCreated;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/** A workflow definition: ordered phases, each a prompt for a coding agent. {@code templateId} null: not created. */
public record WorkflowTemplate(String templateId, String name, TemplateType type, String classification,
                               String repository, String ref, List<InputDeclaration> inputs,
                               List<PhaseDefinition> phases, WorkflowSettings settings, boolean archived)
        implements Aggregate<WorkflowTemplate, TemplateCommand, TemplateEvent> {

    public static final WorkflowTemplate NONE = new WorkflowTemplate(null, null, null, null, null, null, List.of(),
            List.of(), WorkflowSettings.DEFAULTS, false);

    public static final AggregateType<WorkflowTemplate, TemplateCommand, TemplateEvent> TYPE = new AggregateType<>(
            "template", NONE, WorkflowTemplate.class, TemplateCommand.class, TemplateEvent.class);

    private static final String AGGREGATE = "workflow template";

    public WorkflowTemplate {
        inputs = List.copyOf(inputs);
        phases = List.copyOf(phases);
        settings = settings == null ? WorkflowSettings.DEFAULTS : settings;
    }

    public boolean exists() {
        return templateId != null;
    }

    public Optional<PhaseDefinition> phase(String phaseId) {
        return phases.stream().filter(p -> p.phaseId().equals(phaseId)).findFirst();
    }

    @Override
    public Result<List<TemplateEvent>, Rejection> decide(TemplateCommand command) {
        if (!(command instanceof CreateWorkflowTemplate) && !exists()) {
            return reject(new Rejection.NotFound(AGGREGATE, command.templateId()));
        }
        return switch (command) {
            case CreateWorkflowTemplate c -> create(c);
            case UpdatePhase c -> updatePhase(c);
            case ArchiveWorkflowTemplate c -> archive(c);
        };
    }

    private Result<List<TemplateEvent>, Rejection> create(CreateWorkflowTemplate c) {
        if (exists()) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, c.templateId()));
        }
        Optional<Rejection> problem = Checks.firstProblem(
                Checks.id("templateId", c.templateId()),
                Checks.notBlank("name", c.name()),
                Checks.present("type", c.type()),
                Checks.present("at", c.at()),
                Checks.present("phases", c.phases()));
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        if (c.phases().isEmpty()) {
            return reject(new Rejection.InvalidInput("phases", "a workflow needs at least one phase"));
        }
        List<InputDeclaration> inputs = c.inputs() == null ? List.of() : c.inputs();
        problem = Checks.firstProblem(
                Checks.unique("phases.phaseId", c.phases(), PhaseDefinition::phaseId),
                sharedOrders(c.phases()),
                Checks.unique("inputs.name", inputs, InputDeclaration::name),
                inputs.stream().map(i -> Checks.notBlank("inputs.name", i.name())).filter(Optional::isPresent)
                        .findFirst().orElse(Optional.empty()));
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        for (PhaseDefinition phase : c.phases()) {
            problem = Checks.firstProblem(
                    Checks.id("phases.phaseId", phase.phaseId()),
                    phase.kind() == PhaseKind.APPROVAL ? Optional.empty()
                            : Checks.notBlank("phases[" + phase.phaseId() + "].prompt", phase.prompt()),
                    phase.kind() == PhaseKind.APPROVAL ? Optional.empty()
                            : Checks.notBlank("phases[" + phase.phaseId() + "].model", phase.model()),
                    Checks.positive("phases[" + phase.phaseId() + "].timeoutSeconds", phase.timeoutSeconds()));
            if (problem.isPresent()) {
                return reject(problem.get());
            }
        }
        return accept(new WorkflowTemplateCreated(c.templateId(), c.name(), c.type(), c.classification(),
                c.repository(), c.ref(), List.copyOf(inputs), List.copyOf(c.phases()),
                c.settings() == null ? WorkflowSettings.DEFAULTS : c.settings(), c.at()));
    }

    /** Phases with the same order run together, so they must all say they are parallel. */
    private static Optional<Rejection> sharedOrders(List<PhaseDefinition> phases) {
        var byOrder = new java.util.TreeMap<Integer, List<PhaseDefinition>>();
        for (PhaseDefinition phase : phases) {
            byOrder.computeIfAbsent(phase.order(), o -> new ArrayList<>()).add(phase);
        }
        for (var group : byOrder.entrySet()) {
            if (group.getValue().size() > 1
                    && group.getValue().stream().anyMatch(p -> p.kind() != PhaseKind.PARALLEL)) {
                return Optional.of(new Rejection.InvalidInput("phases.order", "phases "
                        + group.getValue().stream().map(PhaseDefinition::phaseId).toList() + " share order "
                        + group.getKey() + "; only phases whose execution type is parallel may share an order"));
            }
        }
        return Optional.empty();
    }

    private Result<List<TemplateEvent>, Rejection> updatePhase(UpdatePhase c) {
        if (archived) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, templateId, "ARCHIVED", "update a phase of",
                    "an archived template is read-only"));
        }
        Optional<PhaseDefinition> found = phase(c.phaseId());
        if (found.isEmpty()) {
            return reject(new Rejection.NotFound("phase of " + AGGREGATE + " '" + templateId + "'", c.phaseId()));
        }
        PhaseDefinition old = found.get();
        if (c.prompt() != null && c.prompt().isBlank()) {
            return reject(new Rejection.InvalidInput("prompt", "must not be blank"));
        }
        if (c.model() != null && c.model().isBlank()) {
            return reject(new Rejection.InvalidInput("model", "must not be blank"));
        }
        if (c.timeoutSeconds() != null && c.timeoutSeconds() <= 0) {
            return reject(new Rejection.InvalidInput("timeoutSeconds", "must be > 0, was " + c.timeoutSeconds()));
        }
        String prompt = Objects.requireNonNullElse(c.prompt(), old.prompt());
        String model = Objects.requireNonNullElse(c.model(), old.model());
        int timeout = Objects.requireNonNullElse(c.timeoutSeconds(), old.timeoutSeconds());
        List<String> tools = c.allowedTools() == null ? old.allowedTools() : List.copyOf(c.allowedTools());
        if (prompt.equals(old.prompt()) && model.equals(old.model()) && timeout == old.timeoutSeconds()
                && tools.equals(old.allowedTools())) {
            return reject(new Rejection.RuleViolated("nothing-to-change",
                    "phase '" + c.phaseId() + "' already has these values"));
        }
        return accept(new WorkflowPhaseUpdated(templateId, c.phaseId(), prompt, model, timeout, tools, c.at()));
    }

    private Result<List<TemplateEvent>, Rejection> archive(ArchiveWorkflowTemplate c) {
        if (archived) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, templateId, "ARCHIVED", "archive",
                    "it is archived already"));
        }
        if (c.activeExecutions() > 0) {
            return reject(new Rejection.RuleViolated("active-runs", "workflow template '" + templateId + "' has "
                    + c.activeExecutions() + " active run(s); wait for them or cancel them before archiving"));
        }
        return accept(new WorkflowTemplateArchived(templateId, c.at()));
    }

    @Override
    public WorkflowTemplate evolve(TemplateEvent event) {
        return switch (event) {
            case WorkflowTemplateCreated e -> new WorkflowTemplate(e.templateId(), e.name(), e.type(),
                    e.classification(), e.repository(), e.ref(), e.inputs(), e.phases(), e.settings(), false);
            case WorkflowPhaseUpdated e -> {
                List<PhaseDefinition> updated = new ArrayList<>();
                for (PhaseDefinition p : phases) {
                    updated.add(!p.phaseId().equals(e.phaseId()) ? p : new PhaseDefinition(p.phaseId(), p.name(),
                            p.order(), e.prompt(), e.model(), e.timeoutSeconds(), e.allowedTools(), p.settings()));
                }
                yield new WorkflowTemplate(templateId, name, type, classification, repository, ref, inputs, updated,
                        settings, archived);
            }
            case WorkflowTemplateArchived e -> new WorkflowTemplate(templateId, name, type, classification,
                    repository, ref, inputs, phases, settings, true);
        };
    }
}
