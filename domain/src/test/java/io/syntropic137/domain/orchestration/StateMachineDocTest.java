package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.testing.GeneratedDocs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class StateMachineDocTest {

    /** The seed's diagram, copied verbatim, plus the RUNNING→cancel edge the product brief adds. */
    private static final String SEED = """
            NOT_STARTED → start → RUNNING → finish → COMPLETED
            RUNNING → error → FAILED
            RUNNING → pause → PAUSED → resume → RUNNING
            RUNNING → interrupt → INTERRUPTED → retry → RUNNING
            PAUSED → cancel → CANCELLED
            RUNNING → cancel → CANCELLED
            """;

    static Set<String> seedEdges() {
        return SEED.lines().filter(l -> !l.isBlank()).flatMap(line -> {
            String[] parts = line.split(" → ");
            return java.util.stream.IntStream.range(0, (parts.length - 1) / 2)
                    .mapToObj(i -> parts[2 * i] + " -" + parts[2 * i + 1] + "-> " + parts[2 * i + 2]);
        }).collect(Collectors.toSet());
    }

    @Test
    void theMachineIsExactlyTheSeedDiagram() {
        Set<String> code = ExecutionStateMachine.EDGES.stream()
                .map(e -> e.from() + " -" + e.action().label() + "-> " + e.to()).collect(Collectors.toSet());
        assertThat(code).containsExactlyInAnyOrderElementsOf(seedEdges());
        assertThat(ExecutionStateMachine.EDGES).hasSize(9);
    }

    @Test
    void terminalStatesAreThoseWithoutAWayOut() {
        assertThat(Arrays.stream(ExecutionStatus.values()).filter(ExecutionStateMachine::isTerminal))
                .containsExactlyInAnyOrder(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED, ExecutionStatus.CANCELLED);
    }

    @Test
    void theCommittedDiagramMatchesTheCode() {
        GeneratedDocs.check("docs/state-machine.md", render());
    }

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Workflow execution state machine\n\n");
        md.append("<!-- Generated from ExecutionStateMachine.EDGES by StateMachineDocTest. Do not edit by hand: ")
                .append("run `mvn test -pl domain -D").append(GeneratedDocs.WRITE_PROPERTY).append("=true`. -->\n\n");
        md.append("```mermaid\nstateDiagram-v2\n");
        md.append("    [*] --> ").append(ExecutionStatus.NOT_STARTED).append('\n');
        for (ExecutionStateMachine.Edge edge : ExecutionStateMachine.EDGES) {
            md.append("    ").append(edge.from()).append(" --> ").append(edge.to()).append(" : ").append(edge.action().label()).append('\n');
        }
        for (ExecutionStatus status : ExecutionStatus.values()) {
            if (ExecutionStateMachine.isTerminal(status)) {
                md.append("    ").append(status).append(" --> [*]\n");
            }
        }
        md.append("```\n\n");
        md.append("| from | action | to |\n|---|---|---|\n");
        for (ExecutionStateMachine.Edge edge : ExecutionStateMachine.EDGES) {
            md.append("| ").append(edge.from()).append(" | ").append(edge.action().label()).append(" | ").append(edge.to()).append(" |\n");
        }
        md.append("\nTerminal: ").append(Arrays.stream(ExecutionStatus.values()).filter(ExecutionStateMachine::isTerminal)
                .map(Enum::name).collect(Collectors.joining(", "))).append(".\n\n");
        md.append("""
                Any other command is refused with a typed rejection (`IllegalTransition`) that names the current \
                state and the actions possible from it; nothing is written.

                **Pause at yield points.** `PauseExecution` is accepted only while RUNNING and records \
                `ExecutionPauseRequested` at once; the status stays RUNNING. The runner reports each safe point \
                (`ReachYieldPoint`: before a phase, after a tool execution, after an LLM call); the first one after \
                the request records `ExecutionPaused`, the `pause` edge above. Starting a phase is itself a yield \
                point, so `StartPhase` is refused while a pause is pending. `ResumeExecution` continues in the same \
                phase and workspace.
                """);
        return md.toString();
    }
}
