package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.engine.port.ProcessSpec;

import java.io.IOException;
import java.nio.file.Path;

/** How a provider starts a process in a workspace: the one thing the local and bubblewrap providers do differently. */
interface ProcessLauncher {

    /** Setup commands install dependencies, so they may reach the network; the agent never does. */
    enum Purpose { SETUP, AGENT }

    HostProcess launch(Path root, ProcessSpec spec, Purpose purpose, WorkspaceLimits limits) throws IOException;

    /** The directory {@code spec.workingDir()} names, refused when it leaves the workspace. */
    static Path workingDirectory(Path root, ProcessSpec spec) {
        Path dir = root.resolve(spec.workingDir()).normalize();
        if (spec.workingDir().isAbsolute() || !dir.startsWith(root)) {
            throw new IllegalArgumentException("workingDir must be inside the workspace, got " + spec.workingDir());
        }
        return dir;
    }
}
