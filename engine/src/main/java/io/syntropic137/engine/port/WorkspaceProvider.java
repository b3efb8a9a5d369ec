package io.syntropic137.engine.port;

import io.syntropic137.domain.orchestration.IsolationBackend;

import java.io.IOException;
import java.util.List;

/**
 * Creates the directory an agent works in and runs processes inside it. Adapters: {@code bubblewrap} (isolated, the
 * default on Linux) and {@code local} (no isolation; only when chosen explicitly).
 */
public interface WorkspaceProvider {

    IsolationBackend backend();

    /** False when processes run with the server's own rights: callers warn about it in logs, health and events. */
    boolean isolating();

    /**
     * Creates the layout ({@code repos/}, {@code artifacts/input/}, {@code artifacts/output/}, {@code CLAUDE.md},
     * {@code AGENTS.md}), clones the repositories and writes the input files, reporting each step to
     * {@code steps}. On failure nothing is left behind.
     */
    Workspace create(WorkspaceSpec spec, WorkspaceSteps steps) throws IOException;

    /** Destroys workspaces an earlier process left behind (it crashed); returns their ids. */
    List<String> destroyLeftovers() throws IOException;
}
