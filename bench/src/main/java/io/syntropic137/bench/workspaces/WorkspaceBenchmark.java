package io.syntropic137.bench.workspaces;

import io.syntropic137.domain.orchestration.NetworkAccess;
import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.SandboxedProcess;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import io.syntropic137.workspaces.BubblewrapWorkspaceProvider;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code syn-bench workspaces}: bubblewrap workspaces cloning one empty repository (a local bare repository with a
 * single commit). Three figures over N iterations after a warm-up: create+destroy alone; one sandboxed {@code true}
 * (start to exit) in an existing workspace; and create + one sandboxed {@code true} + destroy. Then
 * {@link ParallelAgents}: A real Claude Code agents at once, each in its own workspace, against one scripted model.
 */
public final class WorkspaceBenchmark {
    private static final WorkspaceLimits LIMITS = new WorkspaceLimits(1000, 1024, 256, 60, NetworkAccess.NONE);

    private final int iterations;
    private final int agents;
    private final PrintStream progress;

    public WorkspaceBenchmark(int iterations, int agents, PrintStream progress) {
        this.iterations = iterations;
        this.agents = agents;
        this.progress = progress;
    }

    public void run(PrintStream out) throws Exception {
        String unavailable = BubblewrapWorkspaceProvider.unavailableReason();
        if (unavailable != null) {
            throw new IllegalStateException("bubblewrap is not usable here: " + unavailable);
        }
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "syn-bench-workspaces");
        try {
            String repo = emptyRepository(dir);
            var provider = new BubblewrapWorkspaceProvider(dir.resolve("workspaces"), List.of());
            int warmUp = Math.max(5, iterations / 10);
            progress.println("workspaces: warm-up " + warmUp + ", then " + iterations + " iterations per figure");
            double[] createDestroy = measure(warmUp, i -> provider.create(spec("cd-" + i, repo), WorkspaceSteps.IGNORE).close());
            double[] sandboxTrue;
            try (Workspace workspace = provider.create(spec("true", repo), WorkspaceSteps.IGNORE)) {
                sandboxTrue = measure(warmUp, i -> runTrue(workspace));
            }
            double[] withTrue = measure(warmUp, i -> {
                try (Workspace workspace = provider.create(spec("ct-" + i, repo), WorkspaceSteps.IGNORE)) {
                    runTrue(workspace);
                }
            });
            out.printf(Locale.ROOT, "%-48s %10s %10s%n", "bubblewrap workspace, one empty repo", "p50 ms", "p99 ms");
            out.printf(Locale.ROOT, "%-48s %10.1f %10.1f%n", "create + destroy", p(createDestroy, 50), p(createDestroy, 99));
            out.printf(Locale.ROOT, "%-48s %10.1f %10.1f%n", "sandboxed true (start to exit)", p(sandboxTrue, 50), p(sandboxTrue, 99));
            out.printf(Locale.ROOT, "%-48s %10.1f %10.1f%n", "create + sandboxed true + destroy", p(withTrue, 50), p(withTrue, 99));
            progress.println("workspaces: " + agents + " Claude Code agents in parallel");
            ParallelAgents.Outcome parallel = new ParallelAgents(agents, progress).run(dir.resolve("agents"));
            out.printf(Locale.ROOT, "%-48s %10s %10s%n", agents + " Claude Code agents in parallel", "wall s", "all ok");
            out.printf(Locale.ROOT, "%-48s %10.2f %10s%n", "first start to last finish", parallel.wallSeconds(),
                    parallel.allSucceeded() ? "yes" : "NO (" + parallel.succeeded() + ")");
            out.printf(Locale.ROOT, "%-48s %10s %10s%n", "peak RSS of one agent's process tree", "mean MB", "max MB");
            out.printf(Locale.ROOT, "%-48s %10.1f %10.1f%n", "(bwrap, claude, hooks; VmRSS summed)", parallel.peakRssMbMean(),
                    parallel.peakRssMbMax());
            out.printf(Locale.ROOT, "{\"iterations\":%d,\"create_destroy_p50_ms\":%.1f,\"create_destroy_p99_ms\":%.1f,"
                            + "\"sandbox_true_p50_ms\":%.1f,\"sandbox_true_p99_ms\":%.1f,"
                            + "\"create_true_destroy_p50_ms\":%.1f,\"create_true_destroy_p99_ms\":%.1f,"
                            + "\"agents\":%d,\"agents_ok\":%b,\"agents_succeeded\":%d,\"agents_wall_s\":%.2f,"
                            + "\"agent_run_p50_s\":%.2f,\"agent_run_max_s\":%.2f,"
                            + "\"peak_rss_mb_per_agent\":%.1f,\"peak_rss_mb_per_agent_max\":%.1f}%n",
                    iterations, p(createDestroy, 50), p(createDestroy, 99), p(sandboxTrue, 50), p(sandboxTrue, 99),
                    p(withTrue, 50), p(withTrue, 99), agents, parallel.allSucceeded(), parallel.succeeded(),
                    parallel.wallSeconds(), parallel.runP50Seconds(), parallel.runMaxSeconds(), parallel.peakRssMbMean(),
                    parallel.peakRssMbMax());
            if (!parallel.allSucceeded()) {
                progress.println("workspaces: agents that failed: " + parallel.failures());
            }
        } finally {
            deleteTree(dir);
        }
    }

    private interface Iteration {
        void run(int i) throws Exception;
    }

    private double[] measure(int warmUp, Iteration iteration) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            iteration.run(-1 - i);
        }
        double[] millis = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long started = System.nanoTime();
            iteration.run(i);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void runTrue(Workspace workspace) throws Exception {
        SandboxedProcess process = workspace.start(new ProcessSpec(List.of("true"), Map.of("PATH", "/usr/bin:/bin")));
        process.stdin().close();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("true exited with " + exit + " in the sandbox: "
                    + new String(process.stderr().readAllBytes()));
        }
    }

    private static WorkspaceSpec spec(String id, String repo) {
        return new WorkspaceSpec(id, "bench", "phase",
                List.of(new WorkspaceSpec.RepoCheckout(repo, null, "repo")), "# bench\n", Map.of(), List.of(), Map.of(), LIMITS);
    }

    /** nearest-rank percentile of sorted values */
    private static double p(double[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String emptyRepository(Path dir) throws IOException, InterruptedException {
        Path bare = dir.resolve("empty.git");
        Path work = dir.resolve("empty-work");
        git(dir, "init", "--quiet", "--bare", bare.toString());
        git(dir, "init", "--quiet", work.toString());
        git(work, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "--allow-empty", "-m", "empty");
        git(work, "push", "--quiet", bare.toUri().toString(), "HEAD:refs/heads/main");
        git(bare, "symbolic-ref", "HEAD", "refs/heads/main");
        return bare.toUri().toString();
    }

    private static void git(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
