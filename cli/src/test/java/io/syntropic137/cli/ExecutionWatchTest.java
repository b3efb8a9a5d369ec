package io.syntropic137.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code syn execution watch} as a process against {@link ContractStreamServer}, a server that follows
 * docs/stream.md: progress lines, exit codes by final status, and resuming after a dropped stream or a server
 * restart with every frame shown once.
 */
class ExecutionWatchTest {
    private static final String ID = "exec-1";
    private static final String DETAIL = """
            {"summary": {"executionId": "exec-1", "templateId": "wf", "status": "NOT_STARTED", "phaseCount": 2,
              "phasesCompleted": 0, "startedAt": null},
             "phases": [{"phaseId": "one", "order": 1, "status": "PENDING"}, {"phaseId": "two", "order": 2, "status": "PENDING"}]}
            """;

    @TempDir
    Path work;

    private static List<ContractStreamServer.Frame> run(String terminalType, String terminalStatus) {
        List<ContractStreamServer.Frame> frames = new ArrayList<>();
        long[] position = {10};
        java.util.function.BiConsumer<String, String> add = (kind, fields) -> {
            position[0]++;
            frames.add(new ContractStreamServer.Frame(position[0], kind, "{" + fields + ", \"execution_id\": \"" + ID
                    + "\", \"at\": \"2026-01-01T00:00:" + String.format("%02d", frames.size()) + "Z\", \"position\": "
                    + position[0] + "}"));
        };
        add.accept("execution", "\"type\": \"ExecutionStarted\", \"status\": \"RUNNING\"");
        add.accept("phase", "\"type\": \"PhaseStarted\", \"phase_id\": \"one\"");
        add.accept("session", "\"type\": \"SessionStarted\", \"phase_id\": \"one\", \"session_id\": \"s1\"");
        add.accept("tool", "\"type\": \"SessionEvent\", \"phase_id\": \"one\", \"session_id\": \"s1\", \"tool\": \"Read\"");
        add.accept("usage", "\"type\": \"SessionEvent\", \"phase_id\": \"one\", \"session_id\": \"s1\", \"model\": \"sonnet\","
                + " \"tokens\": {\"input\": 100, \"output\": 20, \"cache_creation\": 0, \"cache_read\": 0}, \"cost_usd\": 0.0012");
        add.accept("phase", "\"type\": \"PhaseCompleted\", \"phase_id\": \"one\", \"tokens\": {\"input\": 100, \"output\": 20,"
                + " \"cache_creation\": 0, \"cache_read\": 0}, \"cost_usd\": 0.0012");
        add.accept("artifact", "\"type\": \"ArtifactCreated\", \"phase_id\": \"one\", \"artifact_id\": \"a1\", \"title\": \"plan\","
                + " \"size_bytes\": 42");
        add.accept("phase", "\"type\": \"PhaseStarted\", \"phase_id\": \"two\"");
        add.accept("tool", "\"type\": \"SessionEvent\", \"phase_id\": \"two\", \"session_id\": \"s2\", \"tool\": \"Bash\"");
        if (terminalStatus.equals("COMPLETED")) {
            add.accept("phase", "\"type\": \"PhaseCompleted\", \"phase_id\": \"two\"");
        }
        add.accept("execution", "\"type\": \"" + terminalType + "\", \"status\": \"" + terminalStatus + "\", \"reason\": \"enough\"");
        return frames;
    }

    @Test
    void aCompletedRunShowsEachFrameOnceAndExitsZero() {
        var frames = run("ExecutionCompleted", "COMPLETED");
        try (var server = new ContractStreamServer(ID, DETAIL, frames, "COMPLETED").start()) {
            var result = new CliProcess(server.base(), work).run("execution", "watch", ID);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(frameLines(result.out())).hasSize(frames.size()).doesNotHaveDuplicates();
            assertThat(result.out())
                    .contains("execution RUNNING (ExecutionStarted)")
                    .contains("phase one RUNNING (PhaseStarted)")
                    .contains("phase one tool Read")
                    .contains("phase one usage sonnet tokens 100 in / 20 out cost $0.0012")
                    .contains("phase one artifact a1 \"plan\" 42 bytes")
                    .contains("phase two tool Bash")
                    .contains("execution exec-1  COMPLETED  [####################] 2/2  tokens 100 in / 20 out  cost $0.0012  elapsed 10.0s")
                    .containsPattern("(?m)^one\\s+COMPLETED\\s+-\\s+100 in / 20 out\\s+\\$0\\.0012\\s+4\\.0s$")
                    .doesNotContain("\u001b[");
            assertThat(server.lastEventIds()).containsExactly("");
        }
    }

    @Test
    void aCancelledRunExitsFourAndAFailedOneExitsOne() {
        try (var server = new ContractStreamServer(ID, DETAIL, run("ExecutionCancelled", "CANCELLED"), "CANCELLED").start()) {
            var result = new CliProcess(server.base(), work).run("execution", "watch", ID);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertThat(result.out()).contains("execution CANCELLED (ExecutionCancelled: enough)").contains("CANCELLED  [##########");
        }
        try (var server = new ContractStreamServer(ID, DETAIL, run("ExecutionFailed", "FAILED"), "FAILED").start()) {
            var result = new CliProcess(server.base(), work).run("execution", "watch", ID);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        }
    }

    @Test
    void aDroppedStreamResumesAfterTheLastFrameWithoutDuplicateLines() {
        var frames = run("ExecutionCompleted", "COMPLETED");
        try (var server = new ContractStreamServer(ID, DETAIL, frames, "COMPLETED").dropFirstConnectionAfter(4).start()) {
            var result = new CliProcess(server.base(), work).run("execution", "watch", ID);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(server.lastEventIds()).containsExactly("", Long.toString(frames.get(3).id()));
            assertThat(frameLines(result.out())).hasSize(frames.size()).doesNotHaveDuplicates();
            assertThat(result.err()).contains("stream lost").contains("reconnecting after position " + frames.get(3).id());
        }
    }

    @Test
    void aServerRestartMidStreamIsRidden() throws Exception {
        var frames = run("ExecutionCompleted", "COMPLETED");
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean stopped = new AtomicBoolean();
        try (var server = new ContractStreamServer(ID, DETAIL, frames, "COMPLETED")) {
            server.afterEachFrame(() -> {
                // after three frames the server goes away (streams cut, connections refused) until restarted below
                if (sent.incrementAndGet() == 3) {
                    server.stop();
                    stopped.set(true);
                }
            });
            server.start();
            var watch = new CliProcess(server.base(), work).start("execution", "watch", ID);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!stopped.get() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(stopped).as("the server stopped mid-stream; output so far: " + watch.outSoFar()).isTrue();
            Thread.sleep(1000); // connections are refused meanwhile: the watch keeps trying
            server.listen(server.port());
            var result = watch.await(Duration.ofSeconds(60));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(server.lastEventIds()).hasSize(2);
            assertThat(server.lastEventIds().getLast()).isEqualTo(Long.toString(frames.get(2).id()));
            assertThat(frameLines(result.out())).hasSize(frames.size()).doesNotHaveDuplicates();
        }
    }

    @Test
    void jsonPrintsEachFramesDataAsOneJsonLine() throws Exception {
        var frames = run("ExecutionCompleted", "COMPLETED");
        try (var server = new ContractStreamServer(ID, DETAIL, frames, "COMPLETED").start()) {
            var result = new CliProcess(server.base(), work).run("--json", "execution", "watch", ID);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            String[] lines = result.out().strip().split("\n");
            assertThat(lines).hasSize(frames.size());
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < lines.length; i++) {
                assertThat(json.readTree(lines[i]).path("position").asLong()).isEqualTo(frames.get(i).id());
            }
        }
    }

    @Test
    void anUnknownExecutionExitsFiveAndAServerWithoutTheStreamRouteIsNamed() {
        try (var server = new ContractStreamServer(ID, DETAIL, run("ExecutionCompleted", "COMPLETED"), "COMPLETED").start()) {
            var result = new CliProcess(server.base(), work).run("execution", "watch", "other");
            assertThat(result.exitCode()).as("no such execution: " + result).isEqualTo(5);
        }
        try (var server = new ContractStreamServer(ID, DETAIL, run("ExecutionCompleted", "COMPLETED"), "COMPLETED")
                .withoutStreamRoute().start()) {
            var result = new CliProcess(server.base(), work).run("execution", "watch", ID);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("has no live stream route");
        }
    }

    /** The lines a watch prints per frame (they start with the elapsed time in brackets). */
    private static List<String> frameLines(String out) {
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("[")).toList();
    }
}
