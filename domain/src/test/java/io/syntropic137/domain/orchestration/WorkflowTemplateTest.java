package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.orchestration.TemplateCommand.ArchiveWorkflowTemplate;
import io.syntropic137.domain.orchestration.TemplateCommand.CreateWorkflowTemplate;
import io.syntropic137.domain.orchestration.TemplateCommand.UpdatePhase;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowPhaseUpdated;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowTemplateArchived;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowTemplateCreated;
import io.syntropic137.domain.shared.Rejection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class WorkflowTemplateTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final PhaseDefinition PLAN = new PhaseDefinition("plan", "Plan", 1, "Write a plan", "sonnet", 600, List.of("Read"));
    private static final PhaseDefinition BUILD = new PhaseDefinition("build", "Build", 2, "Build it", "opus", 1800, List.of());
    private static final List<InputDeclaration> INPUTS = List.of(new InputDeclaration("issue", "issue number", true, null));

    private static CreateWorkflowTemplate create(List<PhaseDefinition> phases) {
        return new CreateWorkflowTemplate("tpl", "Fix CI", TemplateType.IMPLEMENTATION, "ci", "acme/api", "main", INPUTS, phases, T);
    }

    private static WorkflowTemplateCreated created() {
        return new WorkflowTemplateCreated("tpl", "Fix CI", TemplateType.IMPLEMENTATION, "ci", "acme/api", "main", INPUTS,
                List.of(PLAN, BUILD), T);
    }

    @Test
    void create() {
        given(WorkflowTemplate.TYPE).when(create(List.of(PLAN, BUILD))).then(created())
                .thenState(s -> assertThat(s.phase("build")).contains(BUILD));
        given(WorkflowTemplate.TYPE, created()).when(create(List.of(PLAN))).thenRejected(Rejection.AlreadyExists.class);
        given(WorkflowTemplate.TYPE).when(create(List.of())).thenInvalid("phases");
        given(WorkflowTemplate.TYPE).when(create(List.of(PLAN, PLAN))).thenInvalid("phases.phaseId");
        given(WorkflowTemplate.TYPE).when(create(List.of(PLAN, new PhaseDefinition("x", "X", 1, "p", "m", 1, null))))
                .thenInvalid("phases.order");
        given(WorkflowTemplate.TYPE).when(create(List.of(new PhaseDefinition("x", "X", 1, " ", "m", 1, null))))
                .thenInvalid("phases[x].prompt");
        given(WorkflowTemplate.TYPE).when(create(List.of(new PhaseDefinition("x", "X", 1, "p", "m", 0, null))))
                .thenInvalid("phases[x].timeoutSeconds");
        given(WorkflowTemplate.TYPE).when(new CreateWorkflowTemplate("tpl", " ", TemplateType.CUSTOM, null, null, null, null,
                List.of(PLAN), T)).thenInvalid("name");
        given(WorkflowTemplate.TYPE).when(new CreateWorkflowTemplate("tpl", "n", null, null, null, null, null,
                List.of(PLAN), T)).thenInvalid("type");
        given(WorkflowTemplate.TYPE).when(new CreateWorkflowTemplate("tpl", "n", TemplateType.CUSTOM, null, null, null,
                List.of(new InputDeclaration("a", "", false, null), new InputDeclaration("a", "", false, null)), List.of(PLAN), T))
                .thenInvalid("inputs.name");
    }

    @Test
    void updatePhase() {
        given(WorkflowTemplate.TYPE, created()).when(new UpdatePhase("tpl", "build", null, "sonnet", 900, null, T))
                .then(new WorkflowPhaseUpdated("tpl", "build", "Build it", "sonnet", 900, List.of(), T))
                .thenState(s -> assertThat(s.phase("build").orElseThrow().model()).isEqualTo("sonnet"));
        given(WorkflowTemplate.TYPE, created()).when(new UpdatePhase("tpl", "nope", "p", null, null, null, T))
                .thenRejected(Rejection.NotFound.class);
        given(WorkflowTemplate.TYPE, created()).when(new UpdatePhase("tpl", "plan", "Write a plan", null, null, null, T))
                .thenViolates("nothing-to-change");
        given(WorkflowTemplate.TYPE, created()).when(new UpdatePhase("tpl", "plan", " ", null, null, null, T)).thenInvalid("prompt");
        given(WorkflowTemplate.TYPE, created()).when(new UpdatePhase("tpl", "plan", null, " ", null, null, T)).thenInvalid("model");
        given(WorkflowTemplate.TYPE, created()).when(new UpdatePhase("tpl", "plan", null, null, -5, null, T)).thenInvalid("timeoutSeconds");
        given(WorkflowTemplate.TYPE, created(), new WorkflowTemplateArchived("tpl", T))
                .when(new UpdatePhase("tpl", "plan", "new", null, null, null, T)).thenRejected(Rejection.IllegalTransition.class);
        given(WorkflowTemplate.TYPE).when(new UpdatePhase("tpl", "plan", "new", null, null, null, T)).thenRejected(Rejection.NotFound.class);
    }

    @Test
    void archive() {
        given(WorkflowTemplate.TYPE, created()).when(new ArchiveWorkflowTemplate("tpl", 0, T))
                .then(new WorkflowTemplateArchived("tpl", T)).thenState(s -> assertThat(s.archived()).isTrue());
        given(WorkflowTemplate.TYPE, created()).when(new ArchiveWorkflowTemplate("tpl", 2, T)).thenViolates("active-runs");
        given(WorkflowTemplate.TYPE, created(), new WorkflowTemplateArchived("tpl", T)).when(new ArchiveWorkflowTemplate("tpl", 0, T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(WorkflowTemplate.TYPE).when(new ArchiveWorkflowTemplate("tpl", 0, T)).thenRejected(Rejection.NotFound.class);
    }
}
