package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.IsolationBackend;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceProvider;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Workspaces as plain directories; processes run on the host with the server's rights (only the environment is
 * theirs alone). For development on machines without bubblewrap, and only when chosen explicitly. Resource limits
 * other than wall time are not enforced.
 */
public final class LocalWorkspaceProvider implements WorkspaceProvider {
    private final WorkspaceLifecycle lifecycle;

    /** @param baseDir where workspaces are created, e.g. {@code <dataDir>/workspaces} */
    public LocalWorkspaceProvider(Path baseDir) throws IOException {
        this.lifecycle = new WorkspaceLifecycle(baseDir, new HostLauncher());
    }

    @Override
    public IsolationBackend backend() {
        return IsolationBackend.LOCAL;
    }

    @Override
    public boolean isolating() {
        return false;
    }

    @Override
    public Workspace create(WorkspaceSpec spec, WorkspaceSteps steps) throws IOException {
        return lifecycle.create(spec, steps);
    }

    @Override
    public List<String> destroyLeftovers() throws IOException {
        return lifecycle.destroyLeftovers();
    }
}
