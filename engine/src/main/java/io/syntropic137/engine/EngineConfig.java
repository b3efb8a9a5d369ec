package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.NetworkAccess;
import io.syntropic137.domain.orchestration.WorkspaceLimits;

import java.time.Duration;

/**
 * How the engine runs executions.
 *
 * @param maxConcurrentExecutions executions running at once; more wait in the queue (visible as queued)
 * @param defaultRuntime          the agent runtime of phases that name none
 * @param stopGrace               how long a stopped agent gets after the graceful signal before it is killed
 * @param retryAfterRestart       whether executions interrupted by a restart are retried automatically
 * @param maxRunAttempts          run attempts (first run + retries) an execution may use automatically
 * @param artifactPromptChars     how much of a phase's primary artifact a {@code {{phase}}} placeholder inserts
 * @param workspaceLimits         limits of every workspace
 * @param sweepInterval           how often RUNNING executions that nothing on this node drives are looked for
 * @param engineWorkers           executions doing engine work (deciding, recording, preparing workspaces, collecting
 *                                artifacts) at once; an execution needs none while its agent runs, while paused and
 *                                while backing off, so this bounds the engine's CPU use, not how many agents run
 */
public record EngineConfig(int maxConcurrentExecutions, String defaultRuntime, Duration stopGrace,
                           boolean retryAfterRestart, int maxRunAttempts, int artifactPromptChars,
                           WorkspaceLimits workspaceLimits, Duration sweepInterval, int engineWorkers) {

    public static final EngineConfig DEFAULTS = new EngineConfig(32, "command", Duration.ofSeconds(1), true, 3,
            50_000, new WorkspaceLimits(1000, 2048, 512, 3600, NetworkAccess.NONE), Duration.ofSeconds(60),
            defaultEngineWorkers());

    public EngineConfig(int maxConcurrentExecutions, String defaultRuntime, Duration stopGrace, boolean retryAfterRestart,
                        int maxRunAttempts, int artifactPromptChars, WorkspaceLimits workspaceLimits) {
        this(maxConcurrentExecutions, defaultRuntime, stopGrace, retryAfterRestart, maxRunAttempts, artifactPromptChars,
                workspaceLimits, DEFAULTS.sweepInterval(), DEFAULTS.engineWorkers());
    }

    /**
     * Two per core: engine work is CPU plus short file and database waits, so two per core keeps the cores busy,
     * while more only lengthens every phase's turn (measured in docs/benchmarks.md, "Execution engine").
     */
    public static int defaultEngineWorkers() {
        return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    }

    public EngineConfig {
        if (maxConcurrentExecutions < 1) {
            throw new IllegalArgumentException("maxConcurrentExecutions must be >= 1, was " + maxConcurrentExecutions);
        }
        if (engineWorkers < 1) {
            throw new IllegalArgumentException("engineWorkers must be >= 1, was " + engineWorkers);
        }
        if (maxRunAttempts < 1) {
            throw new IllegalArgumentException("maxRunAttempts must be >= 1, was " + maxRunAttempts);
        }
    }

    public EngineConfig withMaxConcurrentExecutions(int max) {
        return new EngineConfig(max, defaultRuntime, stopGrace, retryAfterRestart, maxRunAttempts, artifactPromptChars,
                workspaceLimits, sweepInterval, engineWorkers);
    }

    public EngineConfig withDefaultRuntime(String runtime) {
        return new EngineConfig(maxConcurrentExecutions, runtime, stopGrace, retryAfterRestart, maxRunAttempts,
                artifactPromptChars, workspaceLimits, sweepInterval, engineWorkers);
    }

    public EngineConfig withRetryAfterRestart(boolean retry) {
        return new EngineConfig(maxConcurrentExecutions, defaultRuntime, stopGrace, retry, maxRunAttempts,
                artifactPromptChars, workspaceLimits, sweepInterval, engineWorkers);
    }

    public EngineConfig withSweepInterval(Duration interval) {
        return new EngineConfig(maxConcurrentExecutions, defaultRuntime, stopGrace, retryAfterRestart, maxRunAttempts,
                artifactPromptChars, workspaceLimits, interval, engineWorkers);
    }

    public EngineConfig withEngineWorkers(int workers) {
        return new EngineConfig(maxConcurrentExecutions, defaultRuntime, stopGrace, retryAfterRestart, maxRunAttempts,
                artifactPromptChars, workspaceLimits, sweepInterval, workers);
    }
}
