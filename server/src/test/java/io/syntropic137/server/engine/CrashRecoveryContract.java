package io.syntropic137.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.server.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.syntropic137.server.engine.ApiClient.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a real server JVM while a phase's agent runs; a new server JVM on the same data directory interrupts
 * the execution (reason: node restart), leaves no agent process or workspace of the old run behind, and retries
 * the execution from its last completed phase to completion.
 */
abstract class CrashRecoveryContract {
    @TempDir
    Path dataDir;
    private final List<Process> servers = new ArrayList<>();

    /** Settings that choose the backend for both server processes. */
    protected abstract java.util.Map<String, String> backendSettings();

    protected void closeBackend() {
    }

    @AfterEach
    void killServers() {
        servers.forEach(Process::destroyForcibly);
        closeBackend();
    }

    private ApiClient startServer(int port) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        var command = List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server-" + servers.size() + ".log").toFile());
        builder.environment().put("SYN_DATA_DIR", dataDir.toString());
        builder.environment().put("SYN_PORT", Integer.toString(port));
        builder.environment().remove("SYN_DATABASE_URL");
        builder.environment().putAll(backendSettings());
        servers.add(builder.start());
        ApiClient api = new ApiClient(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (api.get("/api/health").status() < 500) {
                    return api;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!servers.getLast().isAlive()) {
                throw new AssertionError("the server exited: " + Files.readString(dataDir.resolve("server-" + (servers.size() - 1) + ".log")));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not answer within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aKilledServerLeavesNothingRunningAndTheNextOneRetriesTheExecution() throws Exception {
        int port = freePort();
        ApiClient api = startServer(port);
        String marker = "marker-" + UUID.randomUUID();
        // the second phase hangs on the first run attempt only (its session id ends in .<run attempt>.<phase attempt>)
        String yaml = "id: crashy\nname: Crashy\nphases:\n"
                + "  - id: first\n    agent: command\n    command: [sh, -c, 'echo first > artifacts/output/first.md']\n    prompt_template: go\n"
                + "  - id: second\n    agent: command\n    timeout_seconds: 600\n"
                + "    command: [sh, -c, 'case \"$SYN_SESSION_ID\" in *.1.1) sleep 600 & wait ;; *) cat artifacts/input/first/first.md > artifacts/output/second.md ;; esac', "
                + marker + "]\n    prompt_template: go\n";
        assertThat(api.post("/api/workflows", "application/yaml", yaml).status()).isEqualTo(201);
        String execution = api.postJson("/api/workflows/crashy/runs", "{\"task\": \"survive\"}").body().get("execution_id").asText();
        List<ProcessHandle> agent = EngineOverHttpContract.awaitProcessTree(marker, 2);
        assertThat(agent).allMatch(ProcessHandle::isAlive);
        // the hanging phase's session is stored as running before the kill (its start lingers briefly before it is written)
        String lostSession = execution + ".second.1.1";
        long stored = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!api.get("/api/sessions/" + lostSession).body().path("status").asText().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("session " + lostSession + " never showed as running").isLessThan(stored);
            Thread.sleep(50);
        }

        servers.getLast().destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs

        ApiClient restarted = startServer(port);
        // orphans of the killed server are reconciled; polled, since onExit of a non-child is itself slow polling
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (agent.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(agent).as("agent processes of the killed server").noneMatch(ProcessHandle::isAlive);
        JsonNode done = restarted.awaitExecution(execution, d -> status(d).equals("COMPLETED"), Duration.ofSeconds(60), "COMPLETED");
        assertThat(done.path("summary").path("attempt").asInt()).isEqualTo(2);
        assertThat(done.path("phases").get(0).path("status").asText()).isEqualTo("COMPLETED");
        String second = done.path("phases").get(1).path("artifactIds").get(0).asText();
        assertThat(restarted.get("/api/artifacts/" + second + "/content").raw()).isEqualTo("first\n");
        try (var left = Files.list(dataDir.resolve("workspaces"))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("ws-")).toList()).isEmpty();
        }
        // the session whose agent died with the server does not stay running: recovery ended it, saying why
        JsonNode lost = restarted.get("/api/sessions/" + lostSession).body();
        assertThat(lost.path("status").asText()).isEqualTo("FAILED");
        assertThat(lost.path("error").asText()).startsWith("interrupted: node restart");
        String log = Files.readString(dataDir.resolve("server-1.log"));
        assertThat(log).contains("execution " + execution + " interrupted: node restart");
    }
}
