package io.syntropic137.workspaces;

import java.io.IOException;

/** A workspace could not be created; {@code step} names what failed. Nothing of the workspace is left behind. */
public final class WorkspaceCreationException extends IOException {
    private final String step;

    public WorkspaceCreationException(String step, String message, Throwable cause) {
        super(step + ": " + message, cause);
        this.step = step;
    }

    public String step() {
        return step;
    }
}
