package io.syntropic137.engine;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.orchestration.ExecutionCommand;
import io.syntropic137.domain.orchestration.ExecutionCommand.QueueExecution;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.PhaseKind;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.orchestration.WorkspaceCommand;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.port.ContentStore;
import io.syntropic137.engine.port.WorkspaceProvider;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.workflows.InputResolver;
import io.syntropic137.workflows.PromptRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs workflow executions: accepts runs (queued until a slot is free), drives each on a virtual thread, and takes
 * the control commands (pause, resume, cancel, approve, reject, retry). All state lives in the event store; this
 * object only holds which executions this node is driving now.
 */
public final class ExecutionEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEngine.class);

    private final EngineParts parts;
    private final Recovery recovery;
    private final PhaseTimings timings = new PhaseTimings();
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final Map<String, ExecutionHandle> active = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final EngineWork work;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closed;
    private Thread dispatcher;
    private Thread sweeper;

    public ExecutionEngine(CommandHandler handler, EventStore store, Map<String, AgentRuntime> runtimes,
                           WorkspaceProvider workspaces, ContentStore content, EngineConfig config, Clock clock,
                           EngineListener listener) {
        this.parts = new EngineParts(new EngineCommands(handler), new ExecutionPlans(store, EventCodec.standard()),
                Map.copyOf(runtimes), workspaces, content, new PromptRenderer(config.artifactPromptChars()), config,
                clock, listener);
        this.recovery = new Recovery(parts, store, this::schedule);
        this.slots = new Semaphore(config.maxConcurrentExecutions());
        this.work = new EngineWork(config.engineWorkers());
    }

    /**
     * Cleans up after an earlier process (leftover workspaces, executions it left RUNNING) and starts taking work.
     * Returns how many executions were interrupted by the restart.
     */
    public int start() throws IOException {
        List<String> leftovers = parts.workspaces().destroyLeftovers();
        if (!leftovers.isEmpty()) {
            LOG.warn("destroyed {} workspace(s) left behind by an earlier process: {}", leftovers.size(), leftovers);
        }
        leftovers.forEach(this::recordLeftoverDestroyed);
        if (!parts.workspaces().isolating()) {
            LOG.warn("workspaces are NOT isolated (provider {}): agents run with this server's rights and files; every "
                    + "workspace records this as an event", parts.workspaces().backend());
        }
        dispatcher = Thread.ofVirtual().name("engine-dispatcher").start(this::dispatch);
        int interrupted = recovery.recoverAll();
        sweeper = Thread.ofVirtual().name("engine-sweeper").start(this::sweepPeriodically);
        return interrupted;
    }

    /**
     * The store says what the directory scan did: a leftover's workspace is recorded as destroyed. One whose creation
     * was never recorded (the crash came first) or that was recorded as destroyed already has nothing to add.
     */
    private void recordLeftoverDestroyed(String workspaceId) {
        var destroyed = parts.commands().workspace(new WorkspaceCommand.DestroyWorkspace(workspaceId, parts.now()));
        if (destroyed instanceof Result.Err<?, Rejection> err && !(err.error() instanceof Rejection.NotFound)
                && !(err.error() instanceof Rejection.IllegalTransition)) {
            LOG.warn("leftover workspace {} was destroyed but could not be recorded so: {}", workspaceId, err.error().reason());
        }
    }

    private void sweepPeriodically() {
        while (!closed) {
            try {
                Thread.sleep(parts.config().sweepInterval());
                int swept = recovery.sweep(id -> scheduled.contains(id) || active.containsKey(id));
                if (swept > 0) {
                    LOG.warn("the sweeper interrupted {} running execution(s) that nothing was driving", swept);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("sweeping for stale executions failed; trying again in {}", parts.config().sweepInterval(), e);
            }
        }
    }

    /** Accepts a run of a template. The result is the execution id; the run starts when a slot is free. */
    public Result<Accepted, EngineRejection> run(RunRequest request, String actor) {
        WorkflowTemplate template = parts.commands().loadTemplate(request.templateId());
        if (!template.exists()) {
            return Result.err(new EngineRejection.Refused(new Rejection.NotFound("workflow template", request.templateId())));
        }
        if (template.archived()) {
            return Result.err(new EngineRejection.Refused(new Rejection.RuleViolated("archived",
                    "workflow template '" + request.templateId() + "' is archived; it cannot run")));
        }
        Result<Map<String, String>, EngineRejection> inputs = resolveInputs(template, request.inputs());
        if (inputs instanceof Result.Err<Map<String, String>, EngineRejection> err) {
            return Result.err(err.error());
        }
        for (PhaseDefinition phase : template.phases()) {
            String runtime = phase.settings().agent() == null ? parts.config().defaultRuntime() : phase.settings().agent();
            if (phase.kind() != PhaseKind.APPROVAL && !parts.runtimes().containsKey(runtime)) {
                return Result.err(new EngineRejection.Invalid("phases[" + phase.phaseId() + "].agent", "no agent runtime named '"
                        + runtime + "'; this server has " + new TreeSet<>(parts.runtimes().keySet())));
            }
        }
        String executionId = request.executionId() == null ? "ex-" + UUID.randomUUID() : request.executionId();
        var queued = new QueueExecution(executionId, template.templateId(),
                template.phases().stream().map(PhaseDefinition::planned).toList(), template.phases(), template.settings(),
                request.task(), ((Result.Ok<Map<String, String>, EngineRejection>) inputs).value(), request.repos(),
                parts.now());
        var outcome = parts.commands().execution(queued, CommandContext.by(actor == null ? "api" : actor)
                .withIdempotencyKey("run:" + executionId));
        return switch (outcome) {
            case Result.Err<CommandOutcome.Accepted<ExecutionEvent>, Rejection> err ->
                    Result.err(new EngineRejection.Refused(err.error()));
            case Result.Ok<CommandOutcome.Accepted<ExecutionEvent>, Rejection> ok -> {
                schedule(executionId);
                yield Result.ok(new Accepted(executionId, ok.value().position()));
            }
        };
    }

    /** @param position the global position of the last event the command wrote, for read-your-writes */
    public record Accepted(String executionId, long position) {
    }

    private static Result<Map<String, String>, EngineRejection> resolveInputs(WorkflowTemplate template,
                                                                             Map<String, String> given) {
        return switch (InputResolver.resolve(template.inputs(), given)) {
            case Result.Ok<Map<String, String>, InputResolver.InvalidInputs> ok -> Result.ok(ok.value());
            case Result.Err<Map<String, String>, InputResolver.InvalidInputs> err ->
                    Result.err(new EngineRejection.Invalid("inputs", err.error().message()));
        };
    }

    public Result<Long, EngineRejection> pause(String executionId, String reason, String actor) {
        return control(new ExecutionCommand.PauseExecution(executionId, reason, parts.now()), actor);
    }

    public Result<Long, EngineRejection> resume(String executionId, String actor) {
        Result<Long, EngineRejection> result = control(new ExecutionCommand.ResumeExecution(executionId, parts.now()), actor);
        if (result instanceof Result.Ok<Long, EngineRejection>) {
            schedule(executionId); // no-op while a driver waits for it; after a restart nothing drives it yet
        }
        return result;
    }

    /** Cancels and returns once every agent process of the execution is gone. */
    public Result<Long, EngineRejection> cancel(String executionId, String reason, String actor) throws InterruptedException {
        Result<Long, EngineRejection> result = control(new ExecutionCommand.CancelExecution(executionId, reason, parts.now()), actor);
        if (result instanceof Result.Ok<Long, EngineRejection>) {
            ExecutionHandle handle = active.get(executionId);
            if (handle != null) {
                handle.stopAgents(parts.config().stopGrace());
            }
        }
        return result;
    }

    public Result<Long, EngineRejection> approve(String executionId, String phaseId, String comment, String actor) {
        Result<Long, EngineRejection> result = control(new ExecutionCommand.ApprovePhase(executionId, phaseId, actor, comment,
                parts.now()), actor);
        if (result instanceof Result.Ok<Long, EngineRejection>) {
            schedule(executionId);
        }
        return result;
    }

    public Result<Long, EngineRejection> reject(String executionId, String phaseId, String reason, String actor) {
        return control(new ExecutionCommand.RejectPhase(executionId, phaseId, actor, reason, parts.now()), actor);
    }

    /** Runs an interrupted execution again from its last completed phase. */
    public Result<Long, EngineRejection> retry(String executionId, String actor) {
        Result<Long, EngineRejection> result = control(new ExecutionCommand.RetryExecution(executionId, parts.now()), actor);
        if (result instanceof Result.Ok<Long, EngineRejection>) {
            schedule(executionId);
        }
        return result;
    }

    private Result<Long, EngineRejection> control(ExecutionCommand command, String actor) {
        var outcome = parts.commands().execution(command, CommandContext.by(actor == null ? "api" : actor));
        ExecutionHandle handle = active.get(command.executionId());
        if (handle != null) {
            handle.signal();
        }
        return switch (outcome) {
            case Result.Err<CommandOutcome.Accepted<ExecutionEvent>, Rejection> err ->
                    Result.err(new EngineRejection.Refused(err.error()));
            case Result.Ok<CommandOutcome.Accepted<ExecutionEvent>, Rejection> ok -> Result.ok(ok.value().position());
        };
    }

    /** Executions waiting for a slot on this node. */
    public int queuedCount() {
        return queue.size();
    }

    /** Executions this node drives now. */
    public int runningCount() {
        return running.get();
    }

    /** Running executions waiting for an engine work permit now. */
    public int waitingForWork() {
        return work.waiting();
    }

    public PhaseTimings timings() {
        return timings;
    }

    private void schedule(String executionId) {
        if (!closed && scheduled.add(executionId)) {
            queue.add(executionId);
        }
    }

    private void dispatch() {
        try {
            while (!closed) {
                String executionId = queue.take();
                slots.acquire();
                if (closed) {
                    slots.release();
                    return;
                }
                ExecutionHandle handle = new ExecutionHandle(executionId);
                active.put(executionId, handle);
                running.incrementAndGet();
                Thread.ofVirtual().name("execution-" + executionId).start(() -> drive(handle));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drive(ExecutionHandle handle) {
        boolean endedNormally = false;
        try {
            new ExecutionDriver(parts, handle, timings, recovery, work).drive();
            endedNormally = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the execution stays as its events say; a restart interrupts and retries it if it was RUNNING
            LOG.error("driving execution {} failed", handle.executionId, e);
        } finally {
            active.remove(handle.executionId);
            parts.plans().forget(handle.executionId);
            running.decrementAndGet();
            slots.release();
            scheduled.remove(handle.executionId);
            // a control command that arrived while the driver was finishing may need a new driver
            if (endedNormally && !closed && !handle.stopping()
                    && parts.commands().loadExecution(handle.executionId).status() == ExecutionStatus.RUNNING) {
                schedule(handle.executionId);
            }
        }
    }

    /**
     * Stops taking work and stops the agents of every execution this node drives; those executions stay RUNNING in
     * the store and are interrupted and retried by the next start (the same path as a crash, tested the same way).
     */
    @Override
    public void close() {
        closed = true;
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        if (sweeper != null) {
            sweeper.interrupt();
        }
        for (ExecutionHandle handle : List.copyOf(active.values())) {
            try {
                handle.stopAgents(parts.config().stopGrace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    Duration stopGrace() {
        return parts.config().stopGrace();
    }
}
