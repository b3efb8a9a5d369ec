package io.syntropic137.workflows;

import io.syntropic137.domain.shared.Result;

import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/** Test helpers: unwrap load results, and summarise problems as "line:column field" for compact assertions. */
final class Definitions {

    static WorkflowDefinition valid(Result<WorkflowDefinition, InvalidWorkflow> result) {
        return switch (result) {
            case Result.Ok<WorkflowDefinition, InvalidWorkflow> ok -> ok.value();
            case Result.Err<WorkflowDefinition, InvalidWorkflow> err -> fail("expected a valid workflow, got\n"
                    + err.error().describe());
        };
    }

    static List<Problem> problems(Result<WorkflowDefinition, InvalidWorkflow> result) {
        return switch (result) {
            case Result.Ok<WorkflowDefinition, InvalidWorkflow> ok -> fail("expected problems, got " + ok.value());
            case Result.Err<WorkflowDefinition, InvalidWorkflow> err -> err.error().problems();
        };
    }

    static WorkflowDefinition validYaml(String yaml) {
        return valid(WorkflowLoader.parse(yaml, "workflow.yaml"));
    }

    static List<Problem> problemsOfYaml(String yaml) {
        return problems(WorkflowLoader.parse(yaml, "workflow.yaml"));
    }

    /** {@code "file:line:column field"} of every problem, in order. */
    static List<String> where(List<Problem> problems) {
        return problems.stream().map(p -> p.location() + " " + p.field()).toList();
    }

    static Problem single(List<Problem> problems) {
        if (problems.size() != 1) {
            fail("expected exactly one problem, got " + problems.stream().map(Problem::describe).toList());
        }
        return problems.getFirst();
    }

    private Definitions() {
    }
}
