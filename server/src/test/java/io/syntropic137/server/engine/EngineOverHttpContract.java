package io.syntropic137.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.syntropic137.server.engine.ApiClient.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflows run end to end through the HTTP API, with the real command runtime (a real process per phase) in the
 * server's default workspaces, on each event store backend.
 */
abstract class EngineOverHttpContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    private Server server;
    ApiClient api;

    /** Settings that choose the backend (plus the data directory, which every backend uses for content). */
    protected abstract Map<String, String> backendSettings();

    protected void closeBackend() {
    }

    @BeforeEach
    void start() {
        var env = new java.util.HashMap<>(backendSettings());
        env.put("SYN_DATA_DIR", dataDir.toString());
        env.put("SYN_PORT", "0");
        server = Main.start(ServerConfig.fromEnvironment(env));
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        closeBackend();
    }

    private String createWorkflow(String yaml) throws Exception {
        var created = api.post("/api/workflows", "application/yaml", yaml);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private String run(String workflowId, String task) throws Exception {
        var run = api.postJson("/api/workflows/" + workflowId + "/runs", "{\"task\": \"" + task + "\"}");
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        return run.body().get("execution_id").asText();
    }

    private static String phase(String id, int order, String command, String extra) {
        return "  - id: " + id + "\n    order: " + order + "\n    agent: command\n    timeout_seconds: 60\n"
                + "    command: [sh, -c, '" + command + "']\n" + extra
                + "    prompt_template: \"" + id + " of $ARGUMENTS after {{execution_id}}\"\n";
    }

    @Test
    void threePhasesRunAsRealProcessesAndEachReadsTheArtifactOfTheOneBefore() throws Exception {
        String id = createWorkflow("id: relay\nname: Relay\nphases:\n"
                + phase("one", 1, "cat > artifacts/output/one.md", "")
                + phase("two", 2, "{ cat artifacts/input/one/one.md; echo two; } > artifacts/output/two.md", "")
                + phase("three", 3, "{ cat artifacts/input/two/two.md; echo three; } > artifacts/output/three.md", ""));
        String execution = run(id, "the relay");
        JsonNode done = api.awaitExecution(execution, d -> status(d).equals("COMPLETED"), WAIT, "COMPLETED");
        assertThat(done.path("phases")).hasSize(3);
        String lastArtifact = done.path("phases").get(2).path("artifactIds").get(0).asText();
        var content = api.get("/api/artifacts/" + lastArtifact + "/content");
        assertThat(content.raw()).isEqualTo("one of the relay after " + execution + "two\nthree\n");
    }

    @Test
    void pauseStopsBeforeTheNextPhaseAndResumeFinishes() throws Exception {
        String id = createWorkflow("id: pausing\nname: Pausing\nphases:\n"
                + phase("slow", 1, "sleep 1; echo slow > artifacts/output/slow.md", "")
                + phase("after", 2, "echo after > artifacts/output/after.md", ""));
        String execution = run(id, "t");
        api.awaitExecution(execution, d -> d.path("phases").get(0).path("status").asText().equals("RUNNING"), WAIT, "slow running");
        assertThat(api.postJson("/api/executions/" + execution + "/pause", "{\"reason\": \"look\"}").status()).isEqualTo(202);
        JsonNode paused = api.awaitExecution(execution, d -> status(d).equals("PAUSED"), WAIT, "PAUSED");
        Thread.sleep(500);
        paused = api.get("/api/executions/" + execution).body();
        assertThat(status(paused)).isEqualTo("PAUSED");
        assertThat(paused.path("phases").get(1).path("status").asText()).as("no phase starts while paused").isEqualTo("PENDING");
        var again = api.postJson("/api/executions/" + execution + "/pause", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asText()).contains("while it is PAUSED");
        assertThat(api.postJson("/api/executions/" + execution + "/resume", "{}").status()).isEqualTo(202);
        api.awaitExecution(execution, d -> status(d).equals("COMPLETED"), WAIT, "COMPLETED");
    }

    @Test
    void cancelStopsTheWholeProcessTreeWithinTwoSeconds() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        String id = createWorkflow("id: endless\nname: Endless\nphases:\n"
                + "  - id: endless\n    agent: command\n    timeout_seconds: 600\n"
                + "    command: [sh, -c, 'sleep 300 & sleep 301 & wait', " + marker + "]\n    prompt_template: go\n");
        String execution = run(id, "t");
        List<ProcessHandle> tree = awaitProcessTree(marker, 3);
        long start = System.nanoTime();
        var cancelled = api.postJson("/api/executions/" + execution + "/cancel", "{\"reason\": \"enough\"}");
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
        // polled: ProcessHandle.onExit of a process that is not our child is itself polled, with growing pauses
        long deadline = start + Duration.ofSeconds(2).toNanos();
        while (tree.stream().anyMatch(EngineOverHttpContract::running) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(tree).as("processes running 2 s after the cancel was sent").noneMatch(EngineOverHttpContract::running);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(tree).noneMatch(EngineOverHttpContract::running);
        JsonNode detail = api.awaitExecution(execution, d -> status(d).equals("CANCELLED"), WAIT, "CANCELLED");
        assertThat(detail.path("cancelReason").asText()).isEqualTo("enough");
        awaitNoWorkspaces();
    }

    @Test
    void aPhaseOverItsTimeoutFails() throws Exception {
        String id = createWorkflow("id: late\nname: Late\nphases:\n"
                + "  - id: late\n    agent: command\n    timeout_seconds: 1\n    command: [sh, -c, 'sleep 30']\n    prompt_template: go\n");
        String execution = run(id, "t");
        JsonNode failed = api.awaitExecution(execution, d -> status(d).equals("FAILED"), WAIT, "FAILED");
        assertThat(failed.path("error").asText()).contains("phase 'late' failed after 1 attempt").contains("timed out after 1 s");
    }

    @Test
    void aFailingPhaseIsRetriedAndThenSucceeds() throws Exception {
        String id = createWorkflow("id: flaky\nname: Flaky\nphases:\n"
                + phase("flaky", 1, "[ \"$SYN_ATTEMPT\" -gt 1 ] || { echo first try fails >&2; exit 3; }; echo ok > artifacts/output/ok.md",
                "    retries: {max_attempts: 2, backoff: 100ms}\n"));
        String execution = run(id, "t");
        JsonNode done = api.awaitExecution(execution, d -> status(d).equals("COMPLETED"), WAIT, "COMPLETED");
        assertThat(done.path("phases").get(0).path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void anApprovalGateWaitsForAHumanOverHttp() throws Exception {
        String id = createWorkflow("id: gated\nname: Gated\nphases:\n"
                + phase("plan", 1, "echo plan > artifacts/output/plan.md", "")
                + "  - id: gate\n    order: 2\n    execution_type: approval\n    prompt_template: Approve the plan?\n"
                + phase("ship", 3, "echo ship > artifacts/output/ship.md", ""));
        String execution = run(id, "t");
        JsonNode waiting = api.awaitExecution(execution, d -> status(d).equals("PAUSED"), WAIT, "PAUSED at the gate");
        assertThat(waiting.path("pauseReason").asText()).isEqualTo("awaiting approval of phase 'gate'");
        var resume = api.postJson("/api/executions/" + execution + "/resume", "{}");
        assertThat(resume.status()).isEqualTo(409);
        assertThat(resume.body().get("detail").asText()).contains("approve or reject it");
        assertThat(api.postJson("/api/executions/" + execution + "/phases/gate/approve", "{\"comment\": \"ok\"}").status())
                .isEqualTo(202);
        api.awaitExecution(execution, d -> status(d).equals("COMPLETED"), WAIT, "COMPLETED");
    }

    @Test
    void badRequestsGetClearProblems() throws Exception {
        var invalid = api.post("/api/workflows", "application/yaml", "id: x\nname: X\nphases:\n  - id: a\n    colour: red\n");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("problems").findValuesAsText("field")).contains("phases[0].colour");
        assertThat(invalid.body().get("detail").asText()).contains("colour");
        var unknown = api.postJson("/api/workflows/nope/runs", "{\"task\": \"t\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("detail").asText()).isEqualTo("workflow template 'nope' does not exist");
        assertThat(api.postJson("/api/executions/nope/resume", "{}").status()).isEqualTo(404);
    }

    // ---- helpers ----

    /** Waits until the process whose command line holds {@code marker} runs with at least {@code size - 1} children. */
    /**
     * Alive and not a zombie. bubblewrap's outer process exits as soon as the sandbox's init reports the command's
     * exit status, without reaping that init; the exited init is then re-parented to the machine's pid 1 and keeps
     * its pid (a zombie: no memory, no CPU, no files) until pid 1 reaps it, which on some machines takes seconds.
     */
    static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ProcessHandle> awaitProcessTree(String marker, int size) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> root = ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false)).findFirst();
            if (root.isPresent()) {
                List<ProcessHandle> tree = new ArrayList<>();
                tree.add(root.get());
                root.get().descendants().forEach(tree::add);
                if (tree.size() >= size) {
                    return tree;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no process tree marked " + marker + " appeared");
    }

    private void awaitNoWorkspaces() throws Exception {
        Path workspaces = dataDir.resolve("workspaces");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (var entries = Files.list(workspaces)) {
                if (entries.noneMatch(p -> p.getFileName().toString().startsWith("ws-"))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        try (var entries = Files.list(workspaces)) {
            throw new AssertionError("workspaces left: " + entries.toList());
        }
    }
}
