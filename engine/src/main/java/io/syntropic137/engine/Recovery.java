package io.syntropic137.engine;

import io.syntropic137.application.StreamIds;
import io.syntropic137.domain.orchestration.ExecutionCommand.InterruptExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.RetryExecution;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.PhaseResult;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;
import io.syntropic137.domain.sessions.SessionOutcome;
import io.syntropic137.domain.sessions.SessionStatus;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Crash recovery. At startup nothing runs on this node yet, so an execution the store calls RUNNING lost its
 * agents: it is interrupted (reason: node restart) and, if the configuration allows and attempts are left, retried
 * from its last completed phase. Queued executions are queued again; paused ones wait for their resume.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    static final String RESTART_REASON = "node restart: the server stopped while this execution was running";

    private final EngineParts parts;
    private final EventStore store;
    private final Consumer<String> schedule;

    Recovery(EngineParts parts, EventStore store, Consumer<String> schedule) {
        this.parts = parts;
        this.store = store;
        this.schedule = schedule;
    }

    /** Reconciles every unfinished execution; returns how many were interrupted. */
    int recoverAll() {
        int interrupted = 0;
        for (String executionId : unfinished()) {
            WorkflowExecution state = parts.commands().loadExecution(executionId);
            switch (state.status()) {
                case NOT_STARTED -> {
                    if (state.queued()) {
                        schedule.accept(executionId);
                    }
                }
                case RUNNING -> {
                    interrupted++;
                    interruptAndMaybeRetry(executionId, RESTART_REASON);
                }
                case INTERRUPTED -> maybeRetry(executionId);
                case PAUSED, COMPLETED, FAILED, CANCELLED -> {
                }
            }
        }
        return interrupted;
    }

    /**
     * The sweeper: an execution the store calls RUNNING that nothing on this node drives (its worker died on a bug,
     * or its node is gone) is interrupted and, where allowed, retried, so nothing stays RUNNING forever. This assumes
     * one engine per store: with several nodes, leases would tell whose execution is whose (not built yet).
     */
    int sweep(java.util.function.Predicate<String> drivenHere) {
        int swept = 0;
        for (String executionId : unfinished()) {
            if (drivenHere.test(executionId)) {
                continue;
            }
            WorkflowExecution state = parts.commands().loadExecution(executionId);
            if (state.status() == ExecutionStatus.RUNNING && !drivenHere.test(executionId)) {
                swept++;
                interruptAndMaybeRetry(executionId, "stale: no worker was driving this running execution");
            }
        }
        return swept;
    }

    /** A paused execution was resumed after a restart, but the agents of its running phases are gone. */
    void agentsLost(String executionId, List<String> phaseIds) {
        interruptAndMaybeRetry(executionId, "the agents of phase(s) " + phaseIds
                + " were lost (the server restarted while the execution was paused mid-phase)");
    }

    private void interruptAndMaybeRetry(String executionId, String reason) {
        WorkflowExecution before = parts.commands().loadExecution(executionId);
        var interrupted = parts.commands().execution(new InterruptExecution(executionId, reason, parts.now()));
        if (interrupted instanceof Result.Err<?, Rejection> err) {
            LOG.warn("execution {} could not be interrupted: {}", executionId, err.error().reason());
            return;
        }
        LOG.warn("execution {} interrupted: {}", executionId, reason);
        endLostSessions(executionId, before, reason);
        maybeRetry(executionId);
    }

    /**
     * The sessions of the phases that were running lost their agents: ended as failed with the reason, so none stays
     * running. A session whose start was not recorded yet (its facts linger briefly before they are written) has
     * nothing to end; one that ended before the crash is left as it ended.
     */
    private void endLostSessions(String executionId, WorkflowExecution before, String reason) {
        for (PhaseResult phase : before.runningPhases()) {
            String sessionId = PhaseRunner.sessionIdOf(executionId, phase.phaseId(), before.attempt(),
                    before.failedAttemptsOf(phase.phaseId()) + 1);
            AgentSession session = parts.commands().loadSession(sessionId);
            if (session.status() != SessionStatus.RUNNING) {
                continue;
            }
            parts.commands().bestEffort(parts.commands().session(new SessionCommand.CompleteSession(sessionId,
                    SessionOutcome.FAILED, "interrupted: " + reason, null, null, parts.now())), "end of session " + sessionId);
        }
    }

    private void maybeRetry(String executionId) {
        WorkflowExecution state = parts.commands().loadExecution(executionId);
        if (state.status() != ExecutionStatus.INTERRUPTED) {
            return;
        }
        if (!parts.config().retryAfterRestart()) {
            LOG.info("execution {} stays interrupted (automatic retry is off); retry it by command", executionId);
            return;
        }
        if (state.attempt() >= parts.config().maxRunAttempts()) {
            LOG.warn("execution {} stays interrupted: it used {} of {} run attempts; retry it by command",
                    executionId, state.attempt(), parts.config().maxRunAttempts());
            return;
        }
        if (parts.commands().execution(new RetryExecution(executionId, parts.now())) instanceof Result.Ok<?, Rejection>) {
            schedule.accept(executionId);
        }
    }

    /** Ids of executions that were queued or started and have not reached a terminal state. */
    private Set<String> unfinished() {
        String prefix = StreamIds.prefix(WorkflowExecution.TYPE);
        EventFilter filter = new EventFilter(prefix, Set.of("ExecutionQueued", "ExecutionStarted", "ExecutionCompleted",
                "ExecutionFailed", "ExecutionCancelled"));
        Set<String> open = new LinkedHashSet<>();
        long after = 0;
        while (true) {
            EventPage page = store.readPage(after, 5_000, filter);
            for (RecordedEvent e : page.events()) {
                String id = e.streamId().substring(prefix.length());
                switch (e.type()) {
                    case "ExecutionQueued", "ExecutionStarted" -> open.add(id);
                    default -> open.remove(id);
                }
            }
            if (page.scannedTo() <= after) {
                return open;
            }
            after = page.scannedTo();
        }
    }
}
