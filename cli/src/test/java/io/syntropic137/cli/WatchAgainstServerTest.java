package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code watch} against the real server's stream route (docs/stream.md). Where the server predates that route
 * these tests are skipped (ExecutionWatchTest covers the client against a contract server either way).
 */
class WatchAgainstServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path work;
    private static Server server;
    private static CliProcess syn;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SYN_DATA_DIR", dataDir.toString());
        env.put("SYN_PORT", "0");
        server = Main.start(ServerConfig.fromEnvironment(env));
        base = "http://127.0.0.1:" + server.port();
        syn = new CliProcess(base, work);
        Path file = work.resolve("steps.yaml");
        Files.writeString(file, "id: steps\nname: Steps\nphases:\n"
                + phase("one", "sleep 1; echo one > artifacts/output/one.md")
                + phase("two", "sleep 1; echo two > artifacts/output/two.md")
                + phase("three", "echo three > artifacts/output/three.md"));
        Files.writeString(work.resolve("endless.yaml"), "id: endless\nname: Endless\nphases:\n" + phase("endless", "sleep 300"));
        // slow enough that the watch (a JVM started after the run, slow on a loaded machine) joins mid-run
        Files.writeString(work.resolve("slow-steps.yaml"), "id: slow-steps\nname: Slow steps\nphases:\n"
                + phase("one", "sleep 5; echo one > artifacts/output/one.md")
                + phase("two", "sleep 2; echo two > artifacts/output/two.md"));
        assertThat(syn.run("workflow", "create", work.resolve("slow-steps.yaml").toString()).exitCode()).isZero();
        assertThat(syn.run("workflow", "create", file.toString()).exitCode()).isZero();
        assertThat(syn.run("workflow", "create", work.resolve("endless.yaml").toString()).exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        server.close();
    }


    private static String phase(String id, String command) {
        return "  - id: " + id + "\n    agent: command\n    timeout_seconds: 600\n    command: [sh, -c, '" + command + "']\n"
                + "    prompt_template: go\n";
    }

    @Test
    void runWatchFollowsARealRunToCompletion() {
        var result = syn.run("workflow", "run", "steps", "--task", "t", "--watch");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("started execution ").contains("phase one RUNNING (PhaseStarted)")
                .contains("phase three COMPLETED (PhaseCompleted)").contains("execution COMPLETED (ExecutionCompleted)")
                .contains("COMPLETED  [####################] 3/3");
    }

    @Test
    void watchingACancelledRunExitsFour() throws Exception {
        String execution = JSON.readTree(syn.run("--json", "workflow", "run", "endless", "--task", "t").out())
                .path("execution_id").asText();
        var watch = syn.start("execution", "watch", execution);
        awaitOutput(watch, "phase endless RUNNING");
        assertThat(syn.run("control", "cancel", execution, "--reason", "enough").exitCode()).isZero();
        var result = watch.await(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.out()).contains("execution CANCELLED (ExecutionCancelled: enough)");
    }

    @Test
    void aDroppedConnectionResumesWithExactlyTheMissedFrames() throws Exception {
        String execution = JSON.readTree(syn.run("--json", "workflow", "run", "slow-steps", "--task", "t").out())
                .path("execution_id").asText();
        try (DroppingProxy proxy = new DroppingProxy(server.port())) {
            var watch = new CliProcess(proxy.base(), work).start("--json", "execution", "watch", execution);
            awaitOutput(watch, "\"PhaseStarted\"");
            proxy.dropAll(); // mid-run: phase one is running
            var resumed = watch.await(Duration.ofSeconds(60));
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(resumed.err()).contains("stream lost");
            assertThat(proxy.connections()).as("the watch connected again (the first connection carried the detail and the stream)")
                    .isGreaterThanOrEqualTo(2);

            // the stream of a finished execution replays from the start: the resumed watch saw exactly that
            var replay = syn.run("--json", "execution", "watch", execution);
            assertThat(replay.exitCode()).isZero();
            List<String> resumedLines = resumed.out().lines().toList();
            assertThat(resumedLines).doesNotHaveDuplicates().isEqualTo(replay.out().lines().toList());
            List<Long> positions = resumedLines.stream().map(WatchAgainstServerTest::position).toList();
            assertThat(positions).isSorted();
        }
    }

    private static long position(String line) {
        try {
            JsonNode frame = JSON.readTree(line);
            return frame.path("position").asLong();
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static void awaitOutput(CliProcess.Running watch, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!watch.outSoFar().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the watch never printed " + text + "; so far:\n" + watch.outSoFar());
            }
            Thread.sleep(20);
        }
    }
}
