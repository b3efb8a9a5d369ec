package io.syntropic137.workflows;

import java.util.List;
import java.util.stream.Collectors;

/** Why a workflow definition was refused: every problem found, in document order, never just the first. */
public record InvalidWorkflow(List<Problem> problems) {

    public InvalidWorkflow {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid workflow has at least one problem");
        }
        problems = List.copyOf(problems);
    }

    public String describe() {
        return problems.size() + " problem(s) in the workflow definition:\n"
                + problems.stream().map(p -> "  " + p.describe()).collect(Collectors.joining("\n"));
    }
}
