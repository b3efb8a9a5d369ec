package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.engine.port.ProcessSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs each process in its own bubblewrap sandbox. What each part does:
 * <ul>
 *   <li>{@code --ro-bind / /}: the host's files are visible but read-only; {@code --bind root root} makes the
 *       workspace the only writable host directory.</li>
 *   <li>{@code --tmpfs} over {@code /tmp} (private) and over every hidden path ({@code /root}, {@code /home}, the
 *       server's data directory, ...): host secrets there are replaced by an empty directory.</li>
 *   <li>{@code --dev /dev}, {@code --proc /proc}: a minimal /dev and a /proc of the new pid namespace.</li>
 *   <li>{@code --unshare-pid/-ipc/-uts}: host processes, IPC objects and hostname are invisible;
 *       {@code --unshare-net} (agents only): no network at all, only loopback of its own; Unix sockets from
 *       {@link ProcessSpec#bindSockets()} are bound in at the same path and are the only way out.</li>
 *   <li>{@code --unshare-user --uid/--gid}: a non-root uid inside; {@code --cap-drop ALL}: no capabilities.</li>
 *   <li>{@code --new-session}: no access to the server's terminal (TIOCSTI); {@code --die-with-parent}: the sandbox
 *       is SIGKILLed when the server dies.</li>
 *   <li>{@code --clearenv} + {@code --setenv}: exactly the given environment.</li>
 *   <li>inside, {@code prlimit} sets RLIMIT_NPROC, RLIMIT_DATA and RLIMIT_CPU before the command starts; when the
 *       server may create cgroups ({@link Cgroups}), the whole sandbox also runs in groups with {@code pids.max},
 *       a memory limit and a CPU quota. The wall time is the workspace watchdog's job.</li>
 * </ul>
 * Setup commands run in the same sandbox except that they share the host network (they install dependencies).
 */
final class BubblewrapLauncher implements ProcessLauncher {
    static final int SANDBOX_UID = 1000;
    static final int SANDBOX_GID = 1000;

    private final Path bwrap;
    private final Path prlimit;
    private final List<Path> hiddenPaths;
    private final Cgroups cgroups;

    BubblewrapLauncher(Path bwrap, Path prlimit, List<Path> hiddenPaths, Cgroups cgroups) {
        this.bwrap = bwrap;
        this.prlimit = prlimit;
        this.hiddenPaths = List.copyOf(hiddenPaths);
        this.cgroups = cgroups;
    }

    @Override
    public HostProcess launch(Path root, ProcessSpec spec, Purpose purpose, WorkspaceLimits limits) throws IOException {
        Path workingDir = ProcessLauncher.workingDirectory(root, spec);
        List<String> command = new ArrayList<>();
        Optional<Cgroups.Group> group = Optional.empty();
        if (limits != null && (cgroups.limitsProcesses() || cgroups.limitsMemory())) {
            group = Optional.of(cgroups.create(root.getFileName().toString(), limits));
            // the shell joins the groups and then becomes bwrap, so every sandboxed process is born inside them
            command.addAll(List.of("/bin/sh", "-c",
                    "for f in \"$@\"; do [ \"$f\" = -- ] && break; echo $$ > \"$f\" || exit 125; shift; done; shift; exec \"$@\"",
                    "syn-cgroup-join"));
            group.get().procsFiles().forEach(file -> command.add(file.toString()));
            command.add("--");
        }
        command.addAll(bwrapArguments(root, spec, purpose, workingDir));
        command.add("--");
        if (limits != null) {
            command.add(prlimit.toString());
            command.add("--nproc=" + limits.maxProcesses());
            command.add("--data=" + limits.memoryMb() * 1024 * 1024);
            if (limits.timeoutSeconds() > 0) {
                int cores = Math.max(1, (limits.milliCpus() + 999) / 1000);
                command.add("--cpu=" + (long) limits.timeoutSeconds() * cores);
            }
            command.add("--");
        }
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        // bwrap and prlimit need a PATH to be found by the JDK; the sandbox gets exactly spec.environment()
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            group.ifPresent(Cgroups.Group::remove);
            throw e;
        }
        group.ifPresent(g -> process.onExit().thenRunAsync(g::remove));
        Path bwrapReal = bwrap.toRealPath();
        return new HostProcess(process, handle -> !isBwrap(handle, bwrapReal));
    }

    /** bwrap is the sandbox's supervisor: a SIGTERM to it would SIGKILL the sandbox at once (--die-with-parent). */
    private static boolean isBwrap(ProcessHandle handle, Path bwrapReal) {
        return handle.info().command().map(command -> Path.of(command).equals(bwrapReal)).orElse(false);
    }

    List<String> bwrapArguments(Path root, ProcessSpec spec, Purpose purpose, Path workingDir) throws IOException {
        List<String> args = new ArrayList<>(List.of(bwrap.toString(),
                "--ro-bind", "/", "/",
                "--dev", "/dev",
                "--proc", "/proc",
                "--tmpfs", "/tmp"));
        for (Path hidden : hiddenPaths) {
            // a path that does not exist on the host hides nothing (and bwrap could not mount on it)
            if (Files.isDirectory(hidden, LinkOption.NOFOLLOW_LINKS)) {
                args.addAll(List.of("--tmpfs", hidden.toString()));
            }
        }
        // after the masks: bwrap creates the mount points inside a masking tmpfs when the workspace lives under one
        args.addAll(List.of("--bind", root.toString(), root.toString()));
        for (Path socket : spec.bindSockets()) {
            Path absolute = socket.toAbsolutePath().normalize();
            if (!Files.exists(absolute)) {
                throw new IOException("socket to bind into the sandbox does not exist: " + absolute);
            }
            args.addAll(List.of("--bind", absolute.toString(), absolute.toString()));
        }
        args.addAll(List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts"));
        if (purpose == Purpose.AGENT) {
            args.add("--unshare-net");
        }
        args.addAll(List.of("--unshare-user", "--uid", Integer.toString(SANDBOX_UID), "--gid", Integer.toString(SANDBOX_GID),
                "--hostname", "sandbox",
                "--new-session", "--die-with-parent", "--cap-drop", "ALL",
                "--clearenv"));
        for (Map.Entry<String, String> variable : spec.environment().entrySet()) {
            args.addAll(List.of("--setenv", variable.getKey(), variable.getValue()));
        }
        args.addAll(List.of("--chdir", workingDir.toString()));
        return args;
    }
}
