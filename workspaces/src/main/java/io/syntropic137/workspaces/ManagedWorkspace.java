package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.SandboxedProcess;
import io.syntropic137.engine.port.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A created workspace: starts processes through its provider's launcher and enforces the wall-time limit. */
final class ManagedWorkspace implements Workspace {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedWorkspace.class);
    /** How long a process gets to exit on SIGTERM when the workspace is closed or its wall time is up. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "workspace-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final String workspaceId;
    private final Path root;
    private final Path marker;
    private final ProcessLauncher launcher;
    private final WorkspaceLimits limits;
    private final List<HostProcess> processes = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    ManagedWorkspace(String workspaceId, Path root, Path marker, ProcessLauncher launcher, WorkspaceLimits limits) {
        this.workspaceId = workspaceId;
        this.root = root;
        this.marker = marker;
        this.launcher = launcher;
        this.limits = limits;
    }

    @Override
    public String workspaceId() {
        return workspaceId;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public SandboxedProcess start(ProcessSpec spec) throws IOException {
        if (closed) {
            throw new IllegalStateException("workspace " + workspaceId + " is closed");
        }
        HostProcess process = launcher.launch(root, spec, ProcessLauncher.Purpose.AGENT, limits);
        processes.add(process);
        if (limits != null && limits.timeoutSeconds() > 0) {
            ScheduledFuture<?> deadline = WATCHDOG.schedule(() -> stopAtDeadline(process),
                    limits.timeoutSeconds(), TimeUnit.SECONDS);
            process.process().onExit().thenRun(() -> deadline.cancel(false));
        }
        return process;
    }

    private void stopAtDeadline(HostProcess process) {
        if (!process.isAlive()) {
            return;
        }
        LOG.warn("workspace {}: process {} exceeded its wall time of {} s; stopping it", workspaceId, process.pid(),
                limits.timeoutSeconds());
        try {
            process.stop("TERM", STOP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("workspace {}: stopping process {} at its deadline failed", workspaceId, process.pid(), e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            for (HostProcess process : processes) {
                process.stop("TERM", STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the processes of workspace " + workspaceId, e);
        }
        processes.clear();
        // the directory first, the marker last: a crash in between leaves a marker that leads to the leftovers
        Directories.deleteTree(root);
        Files.deleteIfExists(marker);
    }
}
