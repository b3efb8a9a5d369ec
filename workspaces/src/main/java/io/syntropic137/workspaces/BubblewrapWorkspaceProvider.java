package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.IsolationBackend;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceProvider;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Workspaces whose processes run in bubblewrap sandboxes (see {@link BubblewrapLauncher} for what each isolation
 * flag does). The clone runs on the host (git runs no repository code on clone); setup commands run inside the
 * sandbox, with the host network, because they execute the repository's code; the agent runs inside with no network.
 */
public final class BubblewrapWorkspaceProvider implements WorkspaceProvider {
    private static final Logger LOG = LoggerFactory.getLogger(BubblewrapWorkspaceProvider.class);
    /** Host directories hidden from every sandbox in addition to the caller's (typically the server's data dir). */
    public static final List<Path> ALWAYS_HIDDEN = List.of(Path.of("/root"), Path.of("/home"));

    private final WorkspaceLifecycle lifecycle;

    /**
     * @param baseDir     where workspaces are created, e.g. {@code <dataDir>/workspaces}
     * @param hiddenPaths host directories no sandbox may read, e.g. the server's data directory (the workspace's own
     *                    directory stays reachable even when it lies below one of them)
     */
    public BubblewrapWorkspaceProvider(Path baseDir, List<Path> hiddenPaths) throws IOException {
        Path bwrap = Executables.find("bwrap").orElseThrow(() -> new IOException(
                "bubblewrap (bwrap) is not installed; install it (Debian: apt-get install bubblewrap) or choose the local backend explicitly"));
        Path prlimit = Executables.find("prlimit").orElseThrow(() -> new IOException(
                "prlimit (util-linux) is not installed; it sets the sandbox's resource limits"));
        List<Path> hidden = new ArrayList<>(ALWAYS_HIDDEN);
        hiddenPaths.forEach(path -> hidden.add(path.toAbsolutePath().normalize()));
        Cgroups cgroups = Cgroups.detect();
        LOG.info("bubblewrap sandboxes: process limit by {}, memory limit by {}",
                cgroups.limitsProcesses() ? "cgroup pids.max and RLIMIT_NPROC" : "RLIMIT_NPROC only",
                cgroups.limitsMemory() ? "cgroup memory limit and RLIMIT_DATA" : "RLIMIT_DATA (per process) only");
        this.lifecycle = new WorkspaceLifecycle(baseDir, new BubblewrapLauncher(bwrap, prlimit, hidden, cgroups));
    }

    /**
     * True on Linux when {@code bwrap} is installed and can create the namespaces the sandbox uses (a kernel or
     * container may forbid user or network namespaces even though the program exists).
     */
    public static boolean isAvailable() {
        return unavailableReason() == null;
    }

    /**
     * A warning when the server runs as pid 1 (a container without an init), else empty. bwrap's outer process exits
     * once the sandbox's init reports the command's exit status, without reaping that init, so every sandboxed
     * process leaves one exited init behind, re-parented to pid 1. An init reaps it at once; a server as pid 1 never
     * does (the JDK reaps only the processes it started), and the zombies add up until no pid is left.
     */
    public static Optional<String> reapingWarning(long serverPid) {
        if (serverPid != 1) {
            return Optional.empty();
        }
        return Optional.of("this server is pid 1, so the exited init process each bubblewrap sandbox leaves behind is "
                + "never reaped and zombies accumulate; run it under an init (docker run --init, tini, systemd)");
    }

    /** Why {@link #isAvailable()} is false, or null when it is true. */
    public static String unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return "bubblewrap needs Linux";
        }
        var bwrap = Executables.find("bwrap");
        if (bwrap.isEmpty()) {
            return "bwrap is not on the PATH";
        }
        try {
            Process probe = new ProcessBuilder(bwrap.get().toString(), "--ro-bind", "/", "/", "--dev", "/dev",
                    "--proc", "/proc", "--unshare-all", "--unshare-user", "--uid", "1000", "--die-with-parent",
                    "--", "true").redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(10, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return "bwrap did not finish a trivial sandbox within 10 s";
            }
            return probe.exitValue() == 0 ? null : "bwrap cannot create its namespaces: " + output.strip();
        } catch (IOException e) {
            return "bwrap could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing bwrap";
        }
    }

    @Override
    public IsolationBackend backend() {
        return IsolationBackend.BUBBLEWRAP;
    }

    @Override
    public boolean isolating() {
        return true;
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
