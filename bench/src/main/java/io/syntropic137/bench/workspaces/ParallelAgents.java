package io.syntropic137.bench.workspaces;

import io.syntropic137.agents.claude.ClaudeCodeRuntime;
import io.syntropic137.agents.claude.ClaudeCodeSettings;
import io.syntropic137.domain.orchestration.NetworkAccess;
import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.port.AgentEvents;
import io.syntropic137.engine.port.AgentResult;
import io.syntropic137.engine.port.AgentRun;
import io.syntropic137.engine.port.AgentTask;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import io.syntropic137.modelserver.ModelServer;
import io.syntropic137.modelserver.ScriptParser;
import io.syntropic137.workspaces.BubblewrapWorkspaceProvider;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N real Claude Code agents (the pinned CLI, through {@link ClaudeCodeRuntime}) started together, each in its own
 * bubblewrap workspace with no network, all against one scripted {@link ModelServer}: Write a file, then a final
 * text. Measures the wall time from the first start to the last finish and each agent's peak resident memory: the
 * sum of {@code VmRSS} over the agent's process tree (bwrap, the CLI, hook shells), sampled every 50 ms while it runs.
 * The sum counts pages shared between processes (the CLI's binary) once per process, so it is an upper bound.
 */
final class ParallelAgents {
    private static final String MODEL = "claude-sonnet-4-5";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(180);
    private static final WorkspaceLimits LIMITS = new WorkspaceLimits(2000, 4096, 256, 300, NetworkAccess.NONE);
    private static final String SCRIPT = """
            {"turns": [
              {"content": [{"type": "text", "text": "Writing the file."},
                           {"type": "tool_use", "name": "Write", "input": {"file_path": "{cwd}/artifacts/output/out.md", "content": "written by a benchmark agent\\n"}}],
               "usage": {"input_tokens": 100, "output_tokens": 40}},
              {"match": "File created", "content": [{"type": "text", "text": "Done."}], "usage": {"input_tokens": 20, "output_tokens": 5}}
            ], "when_exhausted": {"text": "nothing more"}}""";

    record Outcome(int agents, int succeeded, List<String> failures, double wallSeconds, double runP50Seconds,
                   double runMaxSeconds, double peakRssMbMean, double peakRssMbMax) {
        boolean allSucceeded() {
            return succeeded == agents;
        }
    }

    private final int agents;
    private final PrintStream progress;

    ParallelAgents(int agents, PrintStream progress) {
        this.agents = agents;
        this.progress = progress;
    }

    Outcome run(Path dir) throws Exception {
        Files.createDirectories(dir);
        var provider = new BubblewrapWorkspaceProvider(dir.resolve("ws"), List.of());
        try (ModelServer model = ModelServer.builder().script("bench", new ScriptParser().parse("bench.json", SCRIPT))
                .tcpPort(0).start()) {
            ClaudeCodeSettings settings = ClaudeCodeSettings.onPath(URI.create(model.baseUrl("bench")),
                    () -> "bench-key", dir.resolve("s"), MODEL);
            ClaudeCodeRuntime runtime = new ClaudeCodeRuntime(settings);
            List<Workspace> workspaces = new ArrayList<>();
            try {
                for (int i = 0; i < agents; i++) {
                    workspaces.add(provider.create(new WorkspaceSpec("agent-" + i, "bench", "agent-" + i, List.of(),
                            "Benchmark workspace.", Map.of(), List.of(), Map.of(), LIMITS), WorkspaceSteps.IGNORE));
                }
                return runAll(runtime, workspaces);
            } finally {
                for (Workspace workspace : workspaces) {
                    workspace.close();
                }
            }
        }
    }

    private Outcome runAll(ClaudeCodeRuntime runtime, List<Workspace> workspaces) throws Exception {
        AgentRun[] runs = new AgentRun[agents];
        var results = new java.util.concurrent.atomic.AtomicReferenceArray<AgentResult>(agents);
        double[] runSeconds = new double[agents];
        AtomicLong[] peakKb = new AtomicLong[agents];
        CountDownLatch finished = new CountDownLatch(agents);
        long start = System.nanoTime();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            peakKb[i] = new AtomicLong();
            AgentTask task = new AgentTask("bench", "agent-" + i, "session-" + i, 1, "Write artifacts/output/out.md.",
                    null, List.of("Write"), 10, null, List.of(), RUN_LIMIT);
            long started = System.nanoTime();
            runs[i] = runtime.start(task, workspaces.get(i), new QuietEvents());
            int index = i;
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    Optional<AgentResult> result = runs[index].await(RUN_LIMIT);
                    results.set(index, result.orElseGet(() -> AgentResult.failure("did not finish within " + RUN_LIMIT,
                            TokenUsage.NONE, null)));
                    if (result.isEmpty()) {
                        runs[index].stop(Duration.ofSeconds(2));
                    }
                } catch (InterruptedException e) {
                    results.set(index, AgentResult.failure("interrupted", TokenUsage.NONE, null));
                    Thread.currentThread().interrupt();
                } finally {
                    runSeconds[index] = (System.nanoTime() - started) / 1e9;
                    finished.countDown();
                }
            }));
        }
        // sample each running agent's tree until all are done
        while (!finished.await(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            for (int i = 0; i < agents; i++) {
                if (results.get(i) == null) {
                    long kb = runs[i].pids().stream().mapToLong(ParallelAgents::rssKb).sum();
                    peakKb[i].accumulateAndGet(kb, Math::max);
                }
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        for (Thread waiter : waiters) {
            waiter.join();
        }
        int succeeded = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            boolean wrote = Files.isRegularFile(workspaces.get(i).outputDir().resolve("out.md"));
            AgentResult result = results.get(i);
            if (result.succeeded() && wrote) {
                succeeded++;
            } else {
                failures.add("agent-" + i + ": " + (result.succeeded() ? "no out.md written" : result.error()));
            }
        }
        double[] peaksMb = Arrays.stream(peakKb).mapToDouble(p -> p.get() / 1024.0).toArray();
        Arrays.sort(runSeconds);
        progress.printf("workspaces: %d agents, %d succeeded, wall %.2f s%n", agents, succeeded, wall);
        return new Outcome(agents, succeeded, List.copyOf(failures), wall, runSeconds[(runSeconds.length - 1) / 2],
                runSeconds[runSeconds.length - 1], Arrays.stream(peaksMb).average().orElse(0),
                Arrays.stream(peaksMb).max().orElse(0));
    }

    /** VmRSS of a process in kB; 0 when it is gone (or a zombie, which has none). */
    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).strip().split("\\s+")[0]);
                }
            }
            return 0;
        } catch (IOException e) {
            return 0; // exited between listing and reading
        }
    }

    /** The benchmark never pauses and records no events. */
    private static final class QuietEvents implements AgentEvents {
        @Override
        public void yieldPoint(YieldPoint point) {
        }

        @Override
        public void toolStarted(String toolUseId, String tool, String inputJson) {
        }

        @Override
        public void toolFinished(String toolUseId, String tool, boolean succeeded, String detail) {
        }

        @Override
        public void usage(String model, TokenUsage tokens, BigDecimal costUsd) {
        }
    }
}
