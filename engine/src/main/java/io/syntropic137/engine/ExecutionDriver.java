package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.ExecutionCommand.CompleteExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.ReachYieldPoint;
import io.syntropic137.domain.orchestration.ExecutionCommand.RequestApproval;
import io.syntropic137.domain.orchestration.ExecutionCommand.StartExecution;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.PhaseKind;
import io.syntropic137.domain.orchestration.PhaseResult;
import io.syntropic137.domain.orchestration.PlannedPhase;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.engine.ExecutionPlans.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives one execution from queued (or wherever it stands) to a terminal state or a pause: yield point before each
 * group of phases, approval gates, the group's phases (in parallel when the group has several), completion.
 * Decisions come from the aggregate's state each time round, so the loop can start from any point of a run.
 */
final class ExecutionDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionDriver.class);

    private final EngineParts parts;
    private final ExecutionHandle handle;
    private final PhaseTimings timings;
    private final Recovery recovery;
    private final EngineWork work;
    private final EngineWork.Permit permit;

    ExecutionDriver(EngineParts parts, ExecutionHandle handle, PhaseTimings timings, Recovery recovery, EngineWork work) {
        this.parts = parts;
        this.handle = handle;
        this.timings = timings;
        this.recovery = recovery;
        this.work = work;
        this.permit = work.permit();
    }

    private String id() {
        return handle.executionId;
    }

    /**
     * Returns when the execution is terminal, interrupted, paused at rest, or this node is stopping. Holds an engine
     * work permit while it decides and records, never while it waits for an agent, a resume or other threads.
     */
    void drive() throws InterruptedException {
        try {
            driveHoldingPermitWhileWorking();
        } finally {
            permit.giveBack();
        }
    }

    private void driveHoldingPermitWhileWorking() throws InterruptedException {
        Budgets budgets = null;
        while (!handle.stopping()) {
            permit.take();
            WorkflowExecution state = parts.commands().loadExecution(id());
            switch (state.status()) {
                case NOT_STARTED -> {
                    if (!state.queued()) {
                        return;
                    }
                    if (parts.commands().execution(StartExecution.queued(id(), parts.now())) instanceof Result.Err<?, Rejection> err) {
                        LOG.warn("queued execution {} did not start: {}", id(), err.error().reason());
                        return;
                    }
                }
                case PAUSED -> {
                    permit.giveBack();
                    if (!new PauseGate(parts, handle).awaitRunning()) {
                        WorkflowExecution now = parts.commands().loadExecution(id());
                        if (now.status() != ExecutionStatus.RUNNING) {
                            return; // ended while paused (cancelled) or this node stops
                        }
                    }
                }
                case RUNNING -> {
                    Plan plan = parts.plans().of(id());
                    if (budgets == null) {
                        budgets = new Budgets(plan.settings());
                    }
                    if (!state.runningPhases().isEmpty()) {
                        // this driver joins its phases before it looks again: running phases here have no agent
                        // (the node restarted while the execution was paused mid-phase)
                        recovery.agentsLost(id(), state.runningPhases().stream().map(PhaseResult::phaseId).toList());
                        continue;
                    }
                    List<PlannedPhase> group = state.startablePhases();
                    if (group.isEmpty()) {
                        complete();
                        return;
                    }
                    parts.commands().execution(new ReachYieldPoint(id(), YieldPoint.BEFORE_PHASE, parts.now()));
                    if (parts.commands().loadExecution(id()).status() != ExecutionStatus.RUNNING) {
                        continue;
                    }
                    if (group.getFirst().kind() == PhaseKind.APPROVAL) {
                        var requested = parts.commands().execution(new RequestApproval(id(), group.getFirst().phaseId(), parts.now()));
                        if (requested instanceof Result.Err<?, Rejection> err) {
                            LOG.info("execution {}: approval of {} not requested: {}", id(), group.getFirst().phaseId(),
                                    err.error().reason());
                        }
                        continue;
                    }
                    runGroup(plan, group, budgets);
                }
                case INTERRUPTED, COMPLETED, FAILED, CANCELLED -> {
                    return;
                }
            }
        }
    }

    private void complete() {
        var completed = parts.commands().execution(new CompleteExecution(id(), parts.now()));
        if (completed instanceof Result.Err<?, Rejection> err) {
            LOG.warn("execution {} did not complete: {}", id(), err.error().reason());
        }
    }

    private void runGroup(Plan plan, List<PlannedPhase> group, Budgets budgets) throws InterruptedException {
        List<PhaseDefinition> runners = new ArrayList<>();
        for (PlannedPhase planned : group) {
            PhaseDefinition definition = plan.phase(planned.phaseId()).orElseThrow(() -> new IllegalStateException(
                    "execution " + id() + " plans phase " + planned.phaseId() + " but its start event has no definition of it"));
            runners.add(definition);
        }
        if (runners.size() == 1) {
            new PhaseRunner(parts, handle, plan, runners.getFirst(), budgets, timings, permit).run();
            return;
        }
        permit.giveBack(); // each phase of the group takes its own while this thread only waits for them
        List<Thread> threads = new ArrayList<>();
        for (PhaseDefinition definition : runners) {
            threads.add(Thread.ofVirtual().name("phase-" + id()).start(() -> {
                EngineWork.Permit own = work.permit();
                try {
                    new PhaseRunner(parts, handle, plan, definition, budgets, timings, own).run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.error("execution {}: a phase worker failed", id(), e);
                } finally {
                    own.giveBack();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
