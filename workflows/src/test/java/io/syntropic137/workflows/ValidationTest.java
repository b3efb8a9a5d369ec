package io.syntropic137.workflows;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.syntropic137.workflows.Definitions.problemsOfYaml;
import static io.syntropic137.workflows.Definitions.single;
import static io.syntropic137.workflows.Definitions.where;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of problem a definition can have, each located at the exact line, column and field. */
class ValidationTest {

    @Test
    void unknownFieldsAreListedWithTheAllowedNamesAndTheClosestOne() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                descripton: typo
                phases:
                  - id: one
                    promt: hello
                    prompt_template: hi
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:3:1 descripton",
                "workflow.yaml:6:5 phases[0].promt");
        assertThat(problems.get(0).message()).isEqualTo("unknown field 'descripton'; did you mean 'description'?");
        assertThat(problems.get(0).allowed()).isEqualTo("id, name, description, type, classification, repository, "
                + "inputs, max_cost_usd, on_budget_exceeded, phases");
        assertThat(problems.get(1).message()).contains("did you mean 'prompt_template'?");
        assertThat(problems.get(1).allowed()).contains("prompt_file", "execution_type", "command");
    }

    @Test
    void anUnknownFieldFarFromEveryAllowedNameGetsNoSuggestion() {
        Problem problem = single(problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: one
                    prompt_template: hi
                    zzzzzzzz: 1
                """));

        assertThat(problem.message()).isEqualTo("unknown field 'zzzzzzzz'");
    }

    @Test
    void wrongTypesNameWhatWasExpectedAndWhatWasWritten() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                inputs:
                  - name: topic
                    required: "yes"
                phases:
                  - id: one
                    prompt_template: hi
                    timeout_seconds: "30"
                    max_turns: 2.5
                    allowed_tools: Read
                    retries: 3
                  - just a string
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:5:15 inputs[0].required",
                "workflow.yaml:9:22 phases[0].timeout_seconds",
                "workflow.yaml:10:16 phases[0].max_turns",
                "workflow.yaml:11:20 phases[0].allowed_tools",
                "workflow.yaml:12:14 phases[0].retries",
                "workflow.yaml:13:5 phases[1]");
        assertThat(problems).extracting(Problem::message).containsExactly(
                "expected true or false, got a string",
                "expected an integer >= 1, got a string",
                "expected an integer >= 1, got a decimal number",
                "expected a list of strings, got a string",
                "expected a mapping, got an integer",
                "expected a mapping, got a string");
    }

    @Test
    void missingRequiredFieldsAreReportedAtTheMappingThatLacksThem() {
        List<Problem> problems = problemsOfYaml("""
                name: Demo
                inputs:
                  - description: no name
                phases:
                  - prompt_template: hi
                  - id: two
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:1:1 id",
                "workflow.yaml:3:5 inputs[0].name",
                "workflow.yaml:5:5 phases[0].id",
                "workflow.yaml:6:5 phases[1].prompt_template");
        assertThat(problems.get(0).message()).isEqualTo("missing required field 'id'");
        assertThat(problems.get(3).message()).isEqualTo("a sequential phase needs a prompt");
    }

    @Test
    void aWorkflowWithoutPhasesOrWithAnEmptyListIsRefused() {
        assertThat(where(problemsOfYaml("id: demo\nname: Demo\n"))).containsExactly("workflow.yaml:1:1 phases");
        assertThat(where(problemsOfYaml("id: demo\nname: Demo\nphases: []\n")))
                .containsExactly("workflow.yaml:3:9 phases");
    }

    @Test
    void duplicatePhaseIdsPointAtTheSecondAndNameTheFirst() {
        Problem problem = single(problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: one
                    prompt_template: a
                  - id: one
                    execution_type: parallel
                    prompt_template: b
                """));

        assertThat(where(List.of(problem))).containsExactly("workflow.yaml:6:9 phases[1].id");
        assertThat(problem.message()).isEqualTo("phase id 'one' is already used by phases[0] at workflow.yaml:4:9");
    }

    @Test
    void phasesMayShareAnOrderOnlyWhenAllOfThemAreParallel() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: a
                    order: 1
                    execution_type: parallel
                    prompt_template: a
                  - id: b
                    order: 1
                    prompt_template: b
                  - id: c
                    order: 2
                    execution_type: parallel
                    prompt_template: c
                  - id: d
                    order: 2
                    execution_type: parallel
                    prompt_template: d
                """);

        // only the sequential phase in the shared order is wrong; the all-parallel order 2 is fine
        assertThat(where(problems)).containsExactly("workflow.yaml:9:12 phases[1].order");
        assertThat(problems.getFirst().message()).isEqualTo("order 1 is shared by [a, b] but 'b' is sequential");
    }

    @Test
    void aParallelPhaseAloneInItsOrderIsFine() {
        WorkflowDefinition definition = Definitions.validYaml("""
                id: demo
                name: Demo
                phases:
                  - id: a
                    execution_type: parallel
                    prompt_template: a
                """);

        assertThat(definition.phases().getFirst().executionType())
                .isEqualTo(io.syntropic137.domain.orchestration.PhaseKind.PARALLEL);
    }

    @Test
    void badEnumValuesListTheAllowedOnes() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                type: chores
                on_budget_exceeded: explode
                phases:
                  - id: one
                    execution_type: paralel
                    prompt_template: a
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:3:7 type",
                "workflow.yaml:4:21 on_budget_exceeded",
                "workflow.yaml:7:21 phases[0].execution_type");
        assertThat(problems).extracting(Problem::allowed).containsExactly(
                "research, planning, implementation, review, deployment, custom",
                "pause, fail",
                "sequential, parallel, approval");
        assertThat(problems.get(2).message()).isEqualTo("'paralel' is not a valid execution_type; did you mean "
                + "'parallel'?");
    }

    @Test
    void negativeAndZeroNumbersAreRefused() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                max_cost_usd: -1
                phases:
                  - id: one
                    order: -2
                    prompt_template: a
                    timeout_seconds: 0
                    max_turns: -5
                    max_cost_usd: 0
                    retries:
                      max_attempts: 0
                      backoff: -3
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:3:15 max_cost_usd",
                "workflow.yaml:6:12 phases[0].order",
                "workflow.yaml:8:22 phases[0].timeout_seconds",
                "workflow.yaml:9:16 phases[0].max_turns",
                "workflow.yaml:10:19 phases[0].max_cost_usd",
                "workflow.yaml:12:21 phases[0].retries.max_attempts",
                "workflow.yaml:13:16 phases[0].retries.backoff");
        assertThat(problems).extracting(Problem::message).containsExactly(
                "must be > 0, was -1",
                "must be >= 0, was -2",
                "must be >= 1, was 0",
                "must be >= 1, was -5",
                "must be > 0, was 0",
                "must be >= 1, was 0",
                "must not be negative, was -3");
    }

    @Test
    void retriesNeedTheirAttemptsAndASaneBackoff() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: one
                    prompt_template: a
                    retries:
                      backoff: soon
                  - id: two
                    prompt_template: b
                    retries:
                      max_attempts: 2
                      backoff:
                        initial: 10s
                        multiplier: 0.5
                        max: 1s
                        jitter: yes
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:7:7 phases[0].retries.max_attempts",
                "workflow.yaml:7:16 phases[0].retries.backoff",
                "workflow.yaml:14:21 phases[1].retries.backoff.multiplier",
                "workflow.yaml:16:9 phases[1].retries.backoff.jitter");
        assertThat(problems.get(1).message()).isEqualTo("'soon' is not a duration");
        assertThat(problems.get(2).message()).isEqualTo("must be >= 1, was 0.5 (waits never shrink)");
    }

    @Test
    void theLongestBackoffMayNotBeShorterThanTheFirst() {
        Problem problem = single(problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: one
                    prompt_template: a
                    retries:
                      max_attempts: 2
                      backoff: {initial: 10s, max: 1s}
                """));

        assertThat(where(List.of(problem))).containsExactly("workflow.yaml:8:36 phases[0].retries.backoff.max");
    }

    @Test
    void placeholdersMustNameAnInputAnEarlierPhaseOrARunId() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                inputs:
                  - name: topic
                phases:
                  - id: research
                    prompt_template: "{{topic}} {{ execution_id }} {{workflow_id}} $ARGUMENTS {{later}} {{tpoic}}"
                  - id: later
                    prompt_template: "{{research}} {{ later }} {{a b}}"
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:7:22 phases[0].prompt_template",
                "workflow.yaml:7:22 phases[0].prompt_template",
                "workflow.yaml:9:22 phases[1].prompt_template",
                "workflow.yaml:9:22 phases[1].prompt_template");
        assertThat(problems).extracting(Problem::message).containsExactly(
                "{{later}}: phase 'later' (order 2) does not run before 'research' (order 1); only artifacts of "
                        + "earlier phases exist",
                "unknown placeholder {{tpoic}}; did you mean {{topic}}?",
                "{{later}}: phase 'later' (order 2) does not run before 'later' (order 2); only artifacts of "
                        + "earlier phases exist",
                "'{{a b}}' is not a placeholder name");
        assertThat(problems.get(1).allowed()).isEqualTo("$ARGUMENTS, {{execution_id}}, {{workflow_id}}, {{topic}}");
        assertThat(problems.get(3).allowed()).endsWith("{{topic}}, {{research}}");
    }

    @Test
    void placeholdersAndInputArtifactsCannotNameAnApprovalPhase() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: gate
                    execution_type: approval
                  - id: work
                    prompt_template: "{{gate}}"
                    input_artifacts: [gate, nowhere]
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:7:22 phases[1].prompt_template",
                "workflow.yaml:8:23 phases[1].input_artifacts[0]",
                "workflow.yaml:8:29 phases[1].input_artifacts[1]");
        assertThat(problems.get(1).message()).isEqualTo("phase 'gate' is an approval and writes no artifact");
        assertThat(problems.get(2).message()).isEqualTo("there is no phase 'nowhere'");
        assertThat(problems.get(2).allowed()).isEqualTo("none: no phase writes artifacts before this one");
    }

    @Test
    void inputArtifactsMustComeFromEarlierPhases() {
        Problem problem = single(problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: a
                    prompt_template: a
                  - id: b
                    order: 2
                    execution_type: parallel
                    prompt_template: b
                    input_artifacts: [a, c]
                  - id: c
                    order: 2
                    execution_type: parallel
                    prompt_template: c
                """));

        assertThat(where(List.of(problem))).containsExactly("workflow.yaml:10:26 phases[1].input_artifacts[1]");
        assertThat(problem.message()).isEqualTo("phase 'c' (order 2) does not run before 'b' (order 2); only "
                + "artifacts of earlier phases exist");
        assertThat(problem.allowed()).isEqualTo("a");
    }

    @Test
    void inputNamesMustBeUniqueUnreservedAndDistinctFromPhaseIds() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                inputs:
                  - name: topic
                  - name: topic
                  - name: execution_id
                  - name: research
                  - name: "not valid"
                phases:
                  - id: research
                    prompt_template: a
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:5:11 inputs[1].name",
                "workflow.yaml:6:11 inputs[2].name",
                "workflow.yaml:7:11 inputs[3].name",
                "workflow.yaml:8:11 inputs[4].name");
        assertThat(problems).extracting(Problem::message).containsExactly(
                "input 'topic' is declared twice; the first is at workflow.yaml:4:11",
                "'execution_id' is reserved for the run's execution id",
                "input 'research' has the same name as phase phases[0], so {{research}} would be ambiguous",
                "'not valid' is not a valid name");
    }

    @Test
    void theCommandRuntimeNeedsACommandAndOnlyItTakesOne() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: a
                    agent: command
                    prompt_template: a
                  - id: b
                    agent: claude
                    command: [sh, -c, "true"]
                    prompt_template: b
                  - id: c
                    command: []
                    prompt_template: c
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:5:12 phases[0].command",
                "workflow.yaml:9:5 phases[1].command",
                "workflow.yaml:12:14 phases[2].command");
    }

    @Test
    void unknownAgentNamesAreLeftToTheEngine() {
        WorkflowDefinition definition = Definitions.validYaml("""
                id: demo
                name: Demo
                phases:
                  - id: a
                    agent: some-future-runtime
                    prompt_template: a
                """);

        assertThat(definition.phases().getFirst().agent()).isEqualTo("some-future-runtime");
    }

    @Test
    void outputArtifactsStayInsideTheOutputDirectory() {
        List<Problem> problems = problemsOfYaml("""
                id: demo
                name: Demo
                phases:
                  - id: a
                    prompt_template: a
                    output_artifacts: [ok.md, ../escape.md, /etc/passwd]
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:6:31 phases[0].output_artifacts[1]",
                "workflow.yaml:6:45 phases[0].output_artifacts[2]");
    }

    @Test
    void keysWrittenTwiceAreReportedAtTheSecond() {
        Problem problem = single(problemsOfYaml("""
                id: demo
                name: Demo
                name: Again
                phases:
                  - id: a
                    prompt_template: a
                """));

        assertThat(where(List.of(problem))).containsExactly("workflow.yaml:3:1 name");
        assertThat(problem.message()).isEqualTo("'name' is written twice in this mapping; the first is at "
                + "workflow.yaml:2:1");
    }

    @Test
    void syntaxErrorsAreOneLocatedProblem() {
        Problem yaml = single(problemsOfYaml("id: demo\nname: [unclosed\nphases: []\n"));
        Problem json = single(Definitions.problems(WorkflowLoader.parse("{\n  \"id\": \"demo\",\n  \"name\" \"x\"\n}",
                "workflow.json")));

        assertThat(yaml.message()).isEqualTo("not valid YAML: while parsing a flow sequence; expected ',' or ']', "
                + "but got :");
        assertThat(yaml.location()).isEqualTo(new Location("workflow.yaml", 3, 7));
        assertThat(json.message()).startsWith("not valid JSON: ");
        assertThat(json.location()).isEqualTo(new Location("workflow.json", 3, 10));
    }

    @Test
    void aSecondYamlDocumentIsNotSilentlyDropped() {
        Problem problem = single(problemsOfYaml("id: a\nname: A\nphases: [{id: a, prompt_template: x}]\n---\nid: b\n"));

        assertThat(problem.location().line()).isEqualTo(5);
        assertThat(problem.message()).isEqualTo("more than one document; everything after the first is not read");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() {
        assertThat(single(problemsOfYaml("- a\n- b\n")).message()).isEqualTo("a workflow definition must be a "
                + "mapping, got a list");
        assertThat(single(problemsOfYaml("")).message()).isEqualTo("the document is empty");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirstAndInDocumentOrder() {
        List<Problem> problems = problemsOfYaml("""
                id: "bad id!"
                name: Demo
                phases:
                  - id: a
                    prompt_template: "{{missing}}"
                  - id: a
                    execution_type: sometimes
                    prompt_template: b
                    timeout_seconds: -1
                colour: blue
                """);

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:1:5 id",
                "workflow.yaml:5:22 phases[0].prompt_template",
                "workflow.yaml:6:9 phases[1].id",
                "workflow.yaml:7:21 phases[1].execution_type",
                "workflow.yaml:9:22 phases[1].timeout_seconds",
                "workflow.yaml:10:1 colour");
    }

    @Test
    void aProblemDescribesItselfOnOneLine() {
        Problem problem = single(problemsOfYaml("id: demo\nname: Demo\nphases:\n  - id: a\n    prompt_template: a\n"
                + "    model: [a]\n"));

        assertThat(problem.describe()).isEqualTo("workflow.yaml:6:12: phases[0].model: expected a string, got a list "
                + "(allowed: a string)");
    }
}
