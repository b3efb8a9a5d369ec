package io.syntropic137.engine.port;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A started agent. */
public interface AgentRun {

    /** Waits at most {@code timeout} for the agent to finish; empty if it is still running. */
    Optional<AgentResult> await(Duration timeout) throws InterruptedException;

    /**
     * Stops the agent and everything it started: a graceful signal first, a kill after {@code grace}. Returns once
     * nothing of it runs any more; {@link #await} then returns a result that is not successful.
     */
    void stop(Duration grace) throws InterruptedException;

    /** Host pids of the agent's processes alive now (empty for in-process runtimes). */
    Set<Long> pids();
}
