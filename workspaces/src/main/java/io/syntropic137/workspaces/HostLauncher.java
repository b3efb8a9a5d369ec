package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.engine.port.ProcessSpec;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts processes directly on the host with the server's rights. The environment is exactly the given one (the
 * server's own is cleared, so its secrets are not inherited); nothing else is isolated.
 */
final class HostLauncher implements ProcessLauncher {

    @Override
    public HostProcess launch(Path root, ProcessSpec spec, Purpose purpose, WorkspaceLimits limits) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(ProcessLauncher.workingDirectory(root, spec).toFile());
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        return new HostProcess(builder.start(), handle -> true);
    }
}
