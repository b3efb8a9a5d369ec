package io.syntropic137.engine.port;

import java.io.IOException;

/**
 * Runs one coding agent for one phase, in a workspace. Adapters: {@code command} (any executable),
 * {@code scripted} (in-process, for tests and benchmarks), {@code claude-code} (the real CLI).
 */
public interface AgentRuntime {

    /** The name workflow definitions use in a phase's {@code agent} field. */
    String name();

    /** Starts the agent; it reports progress to {@code events} and its result through the returned run. */
    AgentRun start(AgentTask task, Workspace workspace, AgentEvents events) throws IOException;
}
