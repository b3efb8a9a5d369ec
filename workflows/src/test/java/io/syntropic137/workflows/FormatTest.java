package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.BudgetAction;
import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseKind;
import io.syntropic137.domain.orchestration.PhaseRetryPolicy;
import io.syntropic137.domain.orchestration.TemplateType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.syntropic137.workflows.Definitions.valid;
import static io.syntropic137.workflows.Definitions.validYaml;
import static org.assertj.core.api.Assertions.assertThat;

/** The format itself: every field read, the defaults, and YAML and JSON reading to the same definition. */
class FormatTest {

    private static final String YAML = """
            id: full
            name: Every field
            description: A workflow that writes every field
            type: Review
            classification: standard
            repository:
              url: https://github.com/example/repo
              ref: "1.0"
            inputs:
              - name: topic
                description: what to look at
                required: true
              - name: depth
                default: 3
            max_cost_usd: 12.5
            on_budget_exceeded: fail
            phases:
              - id: look
                name: Look around
                order: 1
                execution_type: parallel
                prompt_template: "Look at {{topic}} to depth {{depth}}: $ARGUMENTS"
                model: opus
                timeout_seconds: 600
                allowed_tools: [Read, Grep]
                max_turns: 12
                max_cost_usd: 2.25
                retries:
                  max_attempts: 3
                  backoff: {initial: 500ms, multiplier: 1.5, max: 1m}
                output_artifacts: [look.md]
                agent: claude
              - id: run
                order: 2
                prompt_template: "{{look}}"
                agent: command
                command: [sh, -c, "cat > artifacts/output/out.md"]
                input_artifacts: [look]
                retries: {max_attempts: 2, backoff: 5s}
              - id: gate
                order: 3
                execution_type: approval
            """;

    private static final String JSON = """
            {
              "id": "full",
              "name": "Every field",
              "description": "A workflow that writes every field",
              "type": "review",
              "classification": "standard",
              "repository": {"url": "https://github.com/example/repo", "ref": "1.0"},
              "inputs": [
                {"name": "topic", "description": "what to look at", "required": true},
                {"name": "depth", "default": "3"}
              ],
              "max_cost_usd": 12.5,
              "on_budget_exceeded": "FAIL",
              "phases": [
                {"id": "look", "name": "Look around", "order": 1, "execution_type": "parallel",
                 "prompt_template": "Look at {{topic}} to depth {{depth}}: $ARGUMENTS", "model": "opus",
                 "timeout_seconds": 600, "allowed_tools": ["Read", "Grep"], "max_turns": 12, "max_cost_usd": 2.25,
                 "retries": {"max_attempts": 3, "backoff": {"initial": "500ms", "multiplier": 1.5, "max": "1m"}},
                 "output_artifacts": ["look.md"], "agent": "claude"},
                {"id": "run", "order": 2, "prompt_template": "{{look}}", "agent": "command",
                 "command": ["sh", "-c", "cat > artifacts/output/out.md"], "input_artifacts": ["look"],
                 "retries": {"max_attempts": 2, "backoff": "5s"}},
                {"id": "gate", "order": 3, "execution_type": "approval"}
              ]
            }
            """;

    @Test
    void everyFieldIsRead() {
        WorkflowDefinition d = validYaml(YAML);

        assertThat(d.id()).isEqualTo("full");
        assertThat(d.name()).isEqualTo("Every field");
        assertThat(d.description()).isEqualTo("A workflow that writes every field");
        assertThat(d.type()).isEqualTo(TemplateType.REVIEW);
        assertThat(d.classification()).isEqualTo("standard");
        assertThat(d.repository())
                .isEqualTo(new WorkflowDefinition.Repository("https://github.com/example/repo", "1.0"));
        assertThat(d.inputs()).containsExactly(new InputDeclaration("topic", "what to look at", true, null),
                new InputDeclaration("depth", null, false, "3"));
        assertThat(d.maxCostUsd()).isEqualByComparingTo("12.5");
        assertThat(d.onBudgetExceeded()).isEqualTo(BudgetAction.FAIL);

        WorkflowPhase look = d.phase("look").orElseThrow();
        assertThat(look).isEqualTo(new WorkflowPhase("look", "Look around", 1, PhaseKind.PARALLEL,
                "Look at {{topic}} to depth {{depth}}: $ARGUMENTS", "inline", "opus", 600, List.of("Read", "Grep"),
                12, new BigDecimal("2.25"), new PhaseRetryPolicy(3, 500, 1.5, 60_000), List.of(),
                List.of("look.md"), "claude", List.of()));
        WorkflowPhase run = d.phase("run").orElseThrow();
        assertThat(run.command()).containsExactly("sh", "-c", "cat > artifacts/output/out.md");
        assertThat(run.inputArtifacts()).containsExactly("look");
        assertThat(run.retries()).isEqualTo(new PhaseRetryPolicy(2, 5000, 1.0, 5000));
    }

    @Test
    void yamlAndJsonReadToTheSameDefinition() {
        WorkflowDefinition fromJson = valid(WorkflowLoader.parse(JSON, "workflow.json"));

        assertThat(fromJson).isEqualTo(validYaml(YAML));
    }

    @Test
    void jsonProblemsAreLocatedLikeYamlOnes() {
        List<Problem> problems = Definitions.problems(WorkflowLoader.parse(
                JSON.replace("\"timeout_seconds\": 600", "\"timeout_seconds\": -600"), "workflow.json"));

        assertThat(Definitions.where(problems)).containsExactly("workflow.json:17:25 phases[0].timeout_seconds");
    }

    @Test
    void defaultsFillEverythingLeftOut() {
        WorkflowDefinition d = validYaml("""
                id: minimal
                name: Minimal
                phases:
                  - id: first
                    prompt_template: do it
                  - id: second
                    prompt_template: then this
                  - id: gate
                    execution_type: approval
                """);

        assertThat(d.type()).isEqualTo(TemplateType.CUSTOM);
        assertThat(d.description()).isNull();
        assertThat(d.repository()).isNull();
        assertThat(d.inputs()).isEmpty();
        assertThat(d.maxCostUsd()).isNull();
        assertThat(d.onBudgetExceeded()).isEqualTo(BudgetAction.PAUSE);
        assertThat(d.phases()).extracting(WorkflowPhase::order).containsExactly(1, 2, 3);
        WorkflowPhase first = d.phases().getFirst();
        assertThat(first).isEqualTo(new WorkflowPhase("first", "first", 1, PhaseKind.SEQUENTIAL, "do it", "inline",
                "sonnet", 1800, List.of(), null, null, PhaseRetryPolicy.NONE, List.of(), List.of(), null, List.of()));
        WorkflowPhase gate = d.phases().get(2);
        assertThat(gate.prompt()).isEmpty();
        assertThat(gate.model()).isNull();
        assertThat(gate.timeoutSeconds()).isEqualTo(1800);
    }

    @Test
    void aCommandWithoutAnAgentMeansTheCommandRuntime() {
        WorkflowDefinition d = validYaml("""
                id: c
                name: C
                phases:
                  - id: a
                    command: [sh, -c, "true"]
                    prompt_template: x
                """);

        assertThat(d.phases().getFirst().agent()).isEqualTo("command");
    }

    @Test
    void explicitNullsCountAsNotWritten() {
        WorkflowDefinition d = validYaml("""
                id: n
                name: N
                description:
                phases:
                  - id: a
                    model:
                    prompt_template: x
                """);

        assertThat(d.description()).isNull();
        assertThat(d.phases().getFirst().model()).isEqualTo("sonnet");
    }

    @Test
    void durationsTakeUnitsOrBareSeconds() {
        WorkflowDefinition d = validYaml("""
                id: d
                name: D
                phases:
                  - id: a
                    prompt_template: x
                    retries: {max_attempts: 4, backoff: {initial: 2, max: 1h}}
                """);

        assertThat(d.phases().getFirst().retries()).isEqualTo(new PhaseRetryPolicy(4, 2000, 2.0, 3_600_000));
    }
}
