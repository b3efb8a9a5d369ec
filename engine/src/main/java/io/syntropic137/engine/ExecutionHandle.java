package io.syntropic137.engine;

import io.syntropic137.engine.port.AgentRun;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this node knows about one execution it drives, beyond its events: the agents running for it (so a cancel can
 * stop them at once) and a signal that wakes the threads waiting for a control command.
 */
final class ExecutionHandle {
    final String executionId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final java.util.Map<String, AgentRun> agents = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private long generation;

    ExecutionHandle(String executionId) {
        this.executionId = executionId;
    }

    /** Wakes every thread of this execution that waits for a change (pause, resume, approval, cancel). */
    void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@link #signal} or the timeout (the state is re-read either way, so a missed signal only costs time). */
    void awaitSignal(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long seen = generation;
            long nanos = timeout.toNanos();
            while (generation == seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    void agentStarted(String sessionId, AgentRun run) {
        agents.put(sessionId, run);
        if (stopping) {
            // a cancel raced with the start: the new agent must not outlive it
            stopQuietly(run, Duration.ZERO);
        }
    }

    void agentEnded(String sessionId) {
        agents.remove(sessionId);
    }

    /** Stops the agent of one session (e.g. over its budget) without stopping the execution. */
    void stopAgentsOf(String sessionId, Duration grace) throws InterruptedException {
        AgentRun run = agents.get(sessionId);
        if (run != null) {
            run.stop(grace);
        }
    }

    boolean stopping() {
        return stopping;
    }

    /** Stops every agent of this execution (graceful signal, kill after {@code grace}), in parallel. */
    void stopAgents(Duration grace) throws InterruptedException {
        stopping = true;
        signal();
        try (var stoppers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (AgentRun run : List.copyOf(agents.values())) {
                stoppers.submit(() -> {
                    stopQuietly(run, grace);
                    return null;
                });
            }
            stoppers.shutdown();
            stoppers.awaitTermination(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        }
    }

    private static void stopQuietly(AgentRun run, Duration grace) {
        try {
            run.stop(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
