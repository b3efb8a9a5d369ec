package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.BudgetAction;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.PhaseKind;
import io.syntropic137.domain.orchestration.PhaseRetryPolicy;
import io.syntropic137.domain.orchestration.PhaseSettings;
import io.syntropic137.domain.orchestration.TemplateCommand.CreateWorkflowTemplate;
import io.syntropic137.domain.orchestration.TemplateEvent;
import io.syntropic137.domain.orchestration.TemplateType;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The mapped command is accepted by the real aggregate and carries every field across. */
class TemplateMappingTest {

    private static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");

    private static final WorkflowDefinition DEFINITION = Definitions.validYaml("""
            id: mapped
            name: Mapped
            description: maps every field
            type: research
            classification: light
            repository: {url: "https://example.org/r.git", ref: dev}
            inputs:
              - name: topic
                required: true
            max_cost_usd: 3
            on_budget_exceeded: fail
            phases:
              - id: a
                order: 1
                execution_type: parallel
                prompt_template: "{{topic}}"
              - id: b
                order: 1
                execution_type: parallel
                prompt_template: b
                max_turns: 4
                max_cost_usd: 1.5
                retries: {max_attempts: 2, backoff: 1s}
                output_artifacts: [b.md]
              - id: gate
                order: 2
                execution_type: approval
                prompt_template: "Approve {{a}}?"
              - id: c
                order: 3
                command: [sh, -c, "cat"]
                input_artifacts: [a, b]
                prompt_template: c
            """);

    private static WorkflowTemplate created(CreateWorkflowTemplate command) {
        Result<List<TemplateEvent>, Rejection> decision = WorkflowTemplate.NONE.decide(command);
        return switch (decision) {
            case Result.Ok<List<TemplateEvent>, Rejection> ok -> {
                WorkflowTemplate template = WorkflowTemplate.NONE;
                for (TemplateEvent event : ok.value()) {
                    template = template.evolve(event);
                }
                yield template;
            }
            case Result.Err<List<TemplateEvent>, Rejection> err -> fail("rejected: " + err.error().reason());
        };
    }

    @Test
    void theAggregateAcceptsTheCommandAndKeepsEveryField() {
        WorkflowTemplate template = created(TemplateMapping.toCreateCommand(DEFINITION, null, AT));

        assertThat(template.templateId()).isEqualTo("mapped");
        assertThat(template.name()).isEqualTo("Mapped");
        assertThat(template.type()).isEqualTo(TemplateType.RESEARCH);
        assertThat(template.classification()).isEqualTo("light");
        assertThat(template.repository()).isEqualTo("https://example.org/r.git");
        assertThat(template.ref()).isEqualTo("dev");
        assertThat(template.inputs()).isEqualTo(DEFINITION.inputs());
        assertThat(template.settings().description()).isEqualTo("maps every field");
        assertThat(template.settings().maxCostUsd()).isEqualByComparingTo("3");
        assertThat(template.settings().budgetAction()).isEqualTo(BudgetAction.FAIL);
        assertThat(template.phases()).extracting(PhaseDefinition::phaseId).containsExactly("a", "b", "gate", "c");
        assertThat(template.phase("b").orElseThrow()).isEqualTo(new PhaseDefinition("b", "b", 1, "b", "sonnet",
                1800, List.of(), new PhaseSettings(PhaseKind.PARALLEL, 4, new BigDecimal("1.5"),
                new PhaseRetryPolicy(2, 1000, 1.0, 1000), List.of(), List.of("b.md"), null, List.of())));
        assertThat(template.phase("gate").orElseThrow().kind()).isEqualTo(PhaseKind.APPROVAL);
        assertThat(template.phase("gate").orElseThrow().prompt()).isEqualTo("Approve {{a}}?");
        PhaseSettings c = template.phase("c").orElseThrow().settings();
        assertThat(c.agent()).isEqualTo("command");
        assertThat(c.command()).containsExactly("sh", "-c", "cat");
        assertThat(c.inputArtifacts()).containsExactly("a", "b");
    }

    @Test
    void anExplicitTemplateIdReplacesTheDefinitionsId() {
        CreateWorkflowTemplate command = TemplateMapping.toCreateCommand(DEFINITION, "mapped-v2", AT);

        assertThat(command.templateId()).isEqualTo("mapped-v2");
        assertThat(command.at()).isEqualTo(AT);
        assertThat(created(command).templateId()).isEqualTo("mapped-v2");
    }
}
