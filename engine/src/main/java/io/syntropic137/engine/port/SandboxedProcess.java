package io.syntropic137.engine.port;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;

/** A process running in a workspace, with everything it started. */
public interface SandboxedProcess {

    /** The host pid of the process the provider started (bwrap itself for the sandbox). */
    long pid();

    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Waits for the exit; returns the exit code. */
    int waitFor() throws InterruptedException;

    /** Waits at most {@code timeout}; returns whether it exited. */
    boolean waitFor(Duration timeout) throws InterruptedException;

    boolean isAlive();

    /** Host pids of the process and all its descendants that are alive now. */
    Set<Long> treePids();

    /**
     * Stops the whole process tree: {@code signal} (e.g. "INT" or "TERM") first, then SIGKILL to every process of
     * the tree still alive after {@code grace}. Returns once no process of the tree is alive.
     */
    void stop(String signal, Duration grace) throws InterruptedException;
}
