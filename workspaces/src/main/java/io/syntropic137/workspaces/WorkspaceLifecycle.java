package io.syntropic137.workspaces;

import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Creating and destroying workspaces under a base directory, shared by the providers: layout, clone, inputs,
 * setup, owner markers and leftovers. How processes run is the launcher's business.
 *
 * <p>Each workspace {@code <base>/<id>/} has a marker {@code <base>/<id>.owner} beside it (not inside, where the
 * agent could rewrite it) naming the owning server process; a workspace whose owner is gone is a leftover.
 */
final class WorkspaceLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceLifecycle.class);
    private static final String MARKER_SUFFIX = ".owner";
    private static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(30);
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path baseDir;
    private final ProcessLauncher launcher;

    WorkspaceLifecycle(Path baseDir, ProcessLauncher launcher) throws IOException {
        this.baseDir = Files.createDirectories(baseDir).toRealPath();
        this.launcher = launcher;
    }

    Path baseDir() {
        return baseDir;
    }

    ManagedWorkspace create(WorkspaceSpec spec, WorkspaceSteps steps) throws IOException {
        String id = spec.workspaceId();
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("workspaceId must be 1-128 characters of letters, digits, '.', '_', '-': " + id);
        }
        Path root = baseDir.resolve(id);
        Path marker = baseDir.resolve(id + MARKER_SUFFIX);
        if (Files.exists(root) || Files.exists(marker)) {
            throw new WorkspaceCreationException("create layout", "workspace " + id + " already exists at " + root, null);
        }
        OwnerMarker.current().writeTo(marker);
        try {
            timed(steps, "create layout", () -> createLayout(root, spec.instructions()));
            for (WorkspaceSpec.RepoCheckout repo : spec.repos()) {
                timed(steps, "clone " + repo.directory(), () -> clone(root, repo, spec));
            }
            timed(steps, "write input files", () -> writeInputs(root.resolve("artifacts/input"), spec));
            runSetup(root, spec, steps);
            return new ManagedWorkspace(id, root, marker, launcher, spec.limits());
        } catch (IOException | RuntimeException e) {
            destroyQuietlyAfterFailure(root, marker, e);
            throw e;
        }
    }

    private static void createLayout(Path root, String instructions) throws IOException {
        Files.createDirectory(root);
        Files.createDirectory(root.resolve("repos"));
        Files.createDirectories(root.resolve("artifacts/input"));
        Files.createDirectories(root.resolve("artifacts/output"));
        String text = instructions == null ? "" : instructions;
        Files.writeString(root.resolve("CLAUDE.md"), text, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("AGENTS.md"), text, StandardCharsets.UTF_8);
    }

    private void clone(Path root, WorkspaceSpec.RepoCheckout repo, WorkspaceSpec spec) throws IOException {
        Path target = Directories.inside(root.resolve("repos"), repo.directory(), "repository directory");
        Map<String, String> env = gitEnvironment();
        runHost(List.of("git", "clone", "--quiet", "--", repo.url(), target.toString()), env, root, spec);
        if (repo.ref() != null && !repo.ref().isBlank()) {
            if (repo.ref().startsWith("-")) {
                throw new IllegalArgumentException("a ref must not start with '-': " + repo.ref());
            }
            runHost(List.of("git", "-C", target.toString(), "checkout", "--quiet", repo.ref()), env, root, spec);
        }
    }

    /** git runs on the host with the server's identity for credentials, but no prompt can ever hang a clone. */
    private static Map<String, String> gitEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", DEFAULT_PATH));
        Optional.ofNullable(System.getenv("HOME")).ifPresent(home -> env.put("HOME", home));
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("LANG", "C.UTF-8");
        return env;
    }

    private static void runHost(List<String> command, Map<String, String> env, Path cwd, WorkspaceSpec spec) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        OutputCollector output = new OutputCollector(process.getInputStream());
        int exit = awaitExit(new HostProcess(process, handle -> true), stepTimeout(spec));
        String text = text(output);
        if (exit != 0) {
            throw new CommandFailedException(exit, String.join(" ", command) + " exited with " + exit + ": " + text.strip());
        }
    }

    private static void writeInputs(Path inputDir, WorkspaceSpec spec) throws IOException {
        for (Map.Entry<String, byte[]> file : spec.inputFiles().entrySet()) {
            Path target = Directories.inside(inputDir, file.getKey(), "input file");
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }

    /**
     * Setup commands run through the launcher (inside the sandbox when the provider isolates: they run the
     * repository's code) with the secrets in their environment and nowhere else; nothing of them is written to disk.
     */
    private void runSetup(Path root, WorkspaceSpec spec, WorkspaceSteps steps) throws IOException {
        if (spec.setupCommands().isEmpty()) {
            return;
        }
        List<String> secretNames = spec.setupSecrets().keySet().stream().sorted().toList();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", root.toString());
        env.put("LANG", "C.UTF-8");
        env.putAll(spec.setupSecrets());
        steps.secretsInjected(secretNames);
        try {
            for (int i = 0; i < spec.setupCommands().size(); i++) {
                List<String> command = spec.setupCommands().get(i);
                timed(steps, "setup " + (i + 1) + ": " + String.join(" ", command), () -> {
                    HostProcess process = launcher.launch(root, new ProcessSpec(command, env),
                            ProcessLauncher.Purpose.SETUP, spec.limits());
                    process.stdin().close();
                    OutputCollector out = new OutputCollector(process.stdout());
                    OutputCollector err = new OutputCollector(process.stderr());
                    int exit = awaitExit(process, stepTimeout(spec));
                    String text = text(out) + text(err);
                    if (exit != 0) {
                        throw new CommandFailedException(exit, "exited with " + exit + ": " + text.strip());
                    }
                });
            }
        } finally {
            // the secrets lived only in the environment of the setup processes, which have all exited
            steps.secretsCleared(secretNames);
        }
    }

    private static Duration stepTimeout(WorkspaceSpec spec) {
        return spec.limits() != null && spec.limits().timeoutSeconds() > 0
                ? Duration.ofSeconds(spec.limits().timeoutSeconds()) : DEFAULT_STEP_TIMEOUT;
    }

    private static int awaitExit(HostProcess process, Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout)) {
                process.stop("TERM", ManagedWorkspace.STOP_GRACE);
                throw new CommandFailedException(null, "did not finish within " + timeout.toSeconds() + " s; stopped");
            }
            return process.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String text(OutputCollector output) throws IOException {
        try {
            return output.text();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void timed(WorkspaceSteps steps, String name, Step step) throws IOException {
        long started = System.nanoTime();
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            Integer exit = e instanceof CommandFailedException failed ? failed.exitCode : null;
            steps.stepFailed(name, exit, e.getMessage(), elapsedMs(started));
            throw e instanceof WorkspaceCreationException ? (WorkspaceCreationException) e
                    : new WorkspaceCreationException(name, e.getMessage(), e);
        }
        steps.stepDone(name, elapsedMs(started));
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static void destroyQuietlyAfterFailure(Path root, Path marker, Exception cause) {
        try {
            Directories.deleteTree(root);
            Files.deleteIfExists(marker);
        } catch (IOException cleanup) {
            // the creation failure is what the caller must see; the leftover is found again at the next startup
            cause.addSuppressed(cleanup);
            LOG.error("could not remove the half-created workspace {}; it is destroyed as a leftover at the next start",
                    root, cleanup);
        }
    }

    /** Destroys every workspace under the base directory whose owning server process is gone. */
    List<String> destroyLeftovers() throws IOException {
        List<String> destroyed = new ArrayList<>();
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(baseDir, "*" + MARKER_SUFFIX)) {
            for (Path marker : markers) {
                String name = marker.getFileName().toString();
                String id = name.substring(0, name.length() - MARKER_SUFFIX.length());
                Optional<OwnerMarker> owner = OwnerMarker.readFrom(marker);
                if (owner.isPresent() && owner.get().ownerAlive()) {
                    continue;
                }
                LOG.info("destroying leftover workspace {} (owner {} is gone)", id,
                        owner.map(o -> "pid " + o.pid()).orElse("unreadable marker"));
                Directories.deleteTree(baseDir.resolve(id));
                Files.deleteIfExists(marker);
                destroyed.add(id);
            }
        }
        return destroyed;
    }

    /** A command of the creation exited unsuccessfully; {@code exitCode} null when it was stopped. */
    static final class CommandFailedException extends IOException {
        final Integer exitCode;

        CommandFailedException(Integer exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
