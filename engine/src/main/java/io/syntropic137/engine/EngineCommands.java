package io.syntropic137.engine;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.artifacts.Artifact;
import io.syntropic137.domain.artifacts.ArtifactCommand;
import io.syntropic137.domain.artifacts.ArtifactEvent;
import io.syntropic137.domain.orchestration.ExecutionCommand;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.orchestration.Workspace;
import io.syntropic137.domain.orchestration.WorkspaceCommand;
import io.syntropic137.domain.orchestration.WorkspaceEvent;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;
import io.syntropic137.domain.sessions.SessionEvent;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one way to change state: commands through the {@link CommandHandler}, as actor {@code engine}.
 * A refused command is a value the caller decides about; a command that keeps losing to other writers is retried
 * here a few times and then reported as refused, since the engine cannot go on without it.
 */
final class EngineCommands {
    private static final Logger LOG = LoggerFactory.getLogger(EngineCommands.class);
    private static final CommandContext ENGINE = CommandContext.by("engine");

    private final CommandHandler handler;

    EngineCommands(CommandHandler handler) {
        this.handler = handler;
    }

    Result<CommandOutcome.Accepted<ExecutionEvent>, Rejection> execution(ExecutionCommand command) {
        return execution(command, ENGINE);
    }

    Result<CommandOutcome.Accepted<ExecutionEvent>, Rejection> execution(ExecutionCommand command, CommandContext context) {
        return settle(handler.handle(WorkflowExecution.TYPE, command, context), command);
    }

    Result<CommandOutcome.Accepted<SessionEvent>, Rejection> session(SessionCommand command) {
        return settle(handler.handle(AgentSession.TYPE, command, ENGINE), command);
    }

    Result<CommandOutcome.Accepted<WorkspaceEvent>, Rejection> workspace(WorkspaceCommand command) {
        return settle(handler.handle(Workspace.TYPE, command, ENGINE), command);
    }

    Result<CommandOutcome.Accepted<ArtifactEvent>, Rejection> artifact(ArtifactCommand command) {
        return settle(handler.handle(Artifact.TYPE, command, ENGINE), command);
    }

    /**
     * Records bookkeeping facts about one aggregate as one append; if the batch is refused, each fact on its own, so
     * one bad fact costs only itself (and a log line saying why).
     */
    <S extends io.syntropic137.domain.shared.Aggregate<S, C, E>, C extends io.syntropic137.domain.shared.Command,
            E extends io.syntropic137.domain.shared.DomainEvent> void recordAll(
            io.syntropic137.domain.shared.AggregateType<S, C, E> type, List<? extends C> facts, String what) {
        if (facts.size() > 1 && handler.handleAll(type, facts, ENGINE) instanceof CommandOutcome.Accepted<E>) {
            return;
        }
        for (C fact : facts) {
            bestEffort(settle(handler.handle(type, fact, ENGINE), fact), fact.getClass().getSimpleName() + " of " + what);
        }
    }

    /** Several commands to one execution as one append (all or nothing). */
    Result<CommandOutcome.Accepted<ExecutionEvent>, Rejection> executionAll(List<? extends ExecutionCommand> batch) {
        return settle(handler.handleAll(WorkflowExecution.TYPE, batch, ENGINE), batch.getFirst());
    }

    /** Records a bookkeeping fact whose refusal only needs a log line (e.g. a session of a cancelled run). */
    void bestEffort(Result<?, Rejection> outcome, String what) {
        if (outcome instanceof Result.Err<?, Rejection> err) {
            LOG.warn("{} was not recorded: {}", what, err.error().reason());
        }
    }

    WorkflowExecution loadExecution(String executionId) {
        return handler.current(WorkflowExecution.TYPE, executionId);
    }

    AgentSession loadSession(String sessionId) {
        return handler.current(AgentSession.TYPE, sessionId);
    }

    WorkflowTemplate loadTemplate(String templateId) {
        return handler.current(WorkflowTemplate.TYPE, templateId);
    }

    Artifact loadArtifact(String artifactId) {
        return handler.current(Artifact.TYPE, artifactId);
    }

    private static <E extends io.syntropic137.domain.shared.DomainEvent> Result<CommandOutcome.Accepted<E>, Rejection> settle(
            CommandOutcome<E> outcome, Object command) {
        return switch (outcome) {
            case CommandOutcome.Accepted<E> accepted -> Result.ok(accepted);
            case CommandOutcome.Rejected<E> rejected -> Result.err(rejected.rejection());
            case CommandOutcome.Contended<E> contended -> Result.err(new Rejection.RuleViolated("contended",
                    command.getClass().getSimpleName() + " lost to other writers " + contended.attempts()
                            + " times; try again"));
        };
    }
}
