package io.syntropic137.engine.port;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A process to run in a workspace.
 *
 * @param environment the complete environment (nothing is inherited from the server, so no secret leaks by accident)
 * @param workingDir  relative to the workspace root; empty path for the root itself
 * @param bindSockets host Unix sockets made reachable inside the sandbox at the same path (e.g. the model proxy)
 */
public record ProcessSpec(List<String> command, Map<String, String> environment, Path workingDir,
                          List<Path> bindSockets) {

    public ProcessSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        workingDir = workingDir == null ? Path.of("") : workingDir;
        bindSockets = bindSockets == null ? List.of() : List.copyOf(bindSockets);
    }

    public ProcessSpec(List<String> command, Map<String, String> environment) {
        this(command, environment, Path.of(""), List.of());
    }
}
