package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.shared.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InputResolverTest {

    private static final List<InputDeclaration> DECLARED = List.of(
            new InputDeclaration("ci_log", "the log", true, null),
            new InputDeclaration("branch", null, true, "main"),
            new InputDeclaration("note", null, false, null));

    @Test
    void givenValuesWinDefaultsFillTheRestAndOptionalOnesRenderEmpty() {
        var resolved = InputResolver.resolve(DECLARED, Map.of("ci_log", "boom"));

        assertThat(resolved).isEqualTo(Result.ok(Map.of("ci_log", "boom", "branch", "main", "note", "")));
        assertThat(InputResolver.resolve(DECLARED, Map.of("ci_log", "x", "branch", "dev", "note", "n")))
                .isEqualTo(Result.ok(Map.of("ci_log", "x", "branch", "dev", "note", "n")));
    }

    @Test
    void missingRequiredAndUnknownInputsAreReportedTogether() {
        var resolved = InputResolver.resolve(DECLARED, Map.of("brnach", "dev", "zeta", "z"));

        assertThat(resolved).isEqualTo(Result.err(new InputResolver.InvalidInputs(List.of("ci_log"),
                List.of("brnach", "zeta"), List.of("ci_log", "branch", "note"))));
        assertThat(((Result.Err<?, InputResolver.InvalidInputs>) resolved).error().message())
                .isEqualTo("missing required input(s) [ci_log]; unknown input(s) [brnach, zeta]; the workflow "
                        + "declares [ci_log, branch, note]");
    }

    @Test
    void aWorkflowWithoutInputsRefusesAnyAndAcceptsNone() {
        var refused = InputResolver.resolve(List.of(), Map.of("x", "1"));

        assertThat(((Result.Err<?, InputResolver.InvalidInputs>) refused).error().message())
                .isEqualTo("unknown input(s) [x]; the workflow declares no inputs");
        assertThat(InputResolver.resolve(List.of(), null)).isEqualTo(Result.ok(Map.of()));
    }

    @Test
    void aDefinitionIsResolvedThroughItsDeclarations() {
        WorkflowDefinition definition = Definitions.validYaml("""
                id: d
                name: D
                inputs:
                  - name: topic
                    default: auth
                phases:
                  - id: a
                    prompt_template: "{{topic}}"
                """);

        assertThat(InputResolver.resolve(definition, Map.of())).isEqualTo(Result.ok(Map.of("topic", "auth")));
    }
}
