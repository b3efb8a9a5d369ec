package io.syntropic137.domain.orchestration;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.syntropic137.domain.orchestration.ExecutionAction.CANCEL;
import static io.syntropic137.domain.orchestration.ExecutionAction.ERROR;
import static io.syntropic137.domain.orchestration.ExecutionAction.FINISH;
import static io.syntropic137.domain.orchestration.ExecutionAction.INTERRUPT;
import static io.syntropic137.domain.orchestration.ExecutionAction.PAUSE;
import static io.syntropic137.domain.orchestration.ExecutionAction.RESUME;
import static io.syntropic137.domain.orchestration.ExecutionAction.RETRY;
import static io.syntropic137.domain.orchestration.ExecutionAction.START;
import static io.syntropic137.domain.orchestration.ExecutionStatus.CANCELLED;
import static io.syntropic137.domain.orchestration.ExecutionStatus.COMPLETED;
import static io.syntropic137.domain.orchestration.ExecutionStatus.FAILED;
import static io.syntropic137.domain.orchestration.ExecutionStatus.INTERRUPTED;
import static io.syntropic137.domain.orchestration.ExecutionStatus.NOT_STARTED;
import static io.syntropic137.domain.orchestration.ExecutionStatus.PAUSED;
import static io.syntropic137.domain.orchestration.ExecutionStatus.RUNNING;

/**
 * The execution lifecycle from the seed, as data. This list is the only place that says which status
 * changes exist: the aggregate asks it before every transition, and docs/state-machine.md is generated
 * from it, so code and picture cannot disagree.
 */
public final class ExecutionStateMachine {

    public record Edge(ExecutionStatus from, ExecutionAction action, ExecutionStatus to) {
    }

    public static final List<Edge> EDGES = List.of(
            new Edge(NOT_STARTED, START, RUNNING),
            new Edge(RUNNING, FINISH, COMPLETED),
            new Edge(RUNNING, ERROR, FAILED),
            new Edge(RUNNING, PAUSE, PAUSED),
            new Edge(PAUSED, RESUME, RUNNING),
            new Edge(RUNNING, INTERRUPT, INTERRUPTED),
            new Edge(INTERRUPTED, RETRY, RUNNING),
            new Edge(PAUSED, CANCEL, CANCELLED),
            new Edge(RUNNING, CANCEL, CANCELLED));

    /** Phase work (starting phases, recording agent results, pause requests) happens only here. */
    public static final ExecutionStatus ACTIVE = RUNNING;

    public static Optional<ExecutionStatus> target(ExecutionStatus from, ExecutionAction action) {
        for (Edge edge : EDGES) {
            if (edge.from() == from && edge.action() == action) {
                return Optional.of(edge.to());
            }
        }
        return Optional.empty();
    }

    public static boolean allows(ExecutionStatus from, ExecutionAction action) {
        return target(from, action).isPresent();
    }

    public static Set<ExecutionAction> actionsFrom(ExecutionStatus from) {
        Set<ExecutionAction> actions = EnumSet.noneOf(ExecutionAction.class);
        for (Edge edge : EDGES) {
            if (edge.from() == from) {
                actions.add(edge.action());
            }
        }
        return actions;
    }

    /** A status with no way out. */
    public static boolean isTerminal(ExecutionStatus status) {
        return actionsFrom(status).isEmpty();
    }

    /** "allowed from PAUSED: resume, cancel" or "PAUSED is final", for rejection messages. */
    public static String describeWayOut(ExecutionStatus from) {
        Set<ExecutionAction> actions = actionsFrom(from);
        if (actions.isEmpty()) {
            return from + " is final";
        }
        return "from " + from + " only " + actions.stream().map(ExecutionAction::label).collect(Collectors.joining(", "))
                + " " + (actions.size() == 1 ? "is" : "are") + " possible";
    }

    private ExecutionStateMachine() {
    }
}
