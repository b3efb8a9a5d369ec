package io.syntropic137.projections.readmodels;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.orchestration.ExecutionCommand;
import io.syntropic137.domain.orchestration.PlannedPhase;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Command;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.eventstore.EventStore;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Drives aggregates through the real command handler; every command must be accepted. */
final class Story {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final CommandHandler handler;
    long lastPosition;

    Story(EventStore store) {
        this.handler = CommandHandler.withDefaults(store);
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> long send(AggregateType<S, C, E> type, C command) {
        CommandOutcome<E> outcome = handler.handle(type, command, CommandContext.by("test"));
        if (!(outcome instanceof CommandOutcome.Accepted<E> accepted)) {
            throw new AssertionError(command + " was not accepted: " + outcome);
        }
        lastPosition = Math.max(lastPosition, accepted.position());
        return accepted.position();
    }

    long exec(ExecutionCommand command) {
        return send(WorkflowExecution.TYPE, command);
    }

    static List<PlannedPhase> phases(String... ids) {
        java.util.ArrayList<PlannedPhase> result = new java.util.ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            result.add(new PlannedPhase(ids[i], ids[i].toUpperCase(), i + 1));
        }
        return result;
    }

    long start(String executionId, String templateId, List<String> repos, long second, String... phaseIds) {
        return exec(new ExecutionCommand.StartExecution(executionId, templateId, phases(phaseIds), "task " + executionId,
                Map.of("branch", "main"), repos, at(second)));
    }

    /** Runs one phase to completion: start, workspace, agent result, artifacts, complete. */
    long runPhase(String executionId, String phaseId, long second, long durationSeconds, TokenUsage tokens, String cost,
                  List<String> artifacts) {
        exec(new ExecutionCommand.StartPhase(executionId, phaseId, at(second)));
        exec(new ExecutionCommand.RecordWorkspaceProvisioned(executionId, phaseId, "ws-" + executionId + "-" + phaseId, at(second)));
        exec(new ExecutionCommand.RecordAgentCompleted(executionId, phaseId, "s-" + executionId + "-" + phaseId, true, null,
                tokens, new BigDecimal(cost), at(second + durationSeconds)));
        if (!artifacts.isEmpty()) {
            exec(new ExecutionCommand.RecordArtifactsCollected(executionId, phaseId, artifacts, at(second + durationSeconds)));
        }
        return exec(new ExecutionCommand.CompletePhase(executionId, phaseId, at(second + durationSeconds)));
    }
}
