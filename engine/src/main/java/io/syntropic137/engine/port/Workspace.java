package io.syntropic137.engine.port;

import java.io.IOException;
import java.nio.file.Path;

/** A created workspace. Closing it destroys it: processes stopped, files removed. */
public interface Workspace extends AutoCloseable {

    String workspaceId();

    /** The workspace directory on the host. */
    Path root();

    default Path outputDir() {
        return root().resolve("artifacts/output");
    }

    default Path inputDir() {
        return root().resolve("artifacts/input");
    }

    /** Starts a process inside the workspace (in the sandbox, when the provider isolates). */
    SandboxedProcess start(ProcessSpec spec) throws IOException;

    /** Stops every process still running in it and removes it; safe to call twice. */
    @Override
    void close() throws IOException;
}
