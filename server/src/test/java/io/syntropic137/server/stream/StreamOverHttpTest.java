package io.syntropic137.server.stream;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import io.syntropic137.server.engine.ApiClient;
import io.syntropic137.server.stream.SseReader.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.syntropic137.server.stream.SseReader.type;
import static org.assertj.core.api.Assertions.assertThat;

/** The live stream over real HTTP, with real workflow runs (command runtime) and a real SSE client. */
class StreamOverHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration KEEP_ALIVE = Duration.ofMillis(300);

    @TempDir
    Path dataDir;
    private Server server;
    private ApiClient api;
    private final List<SseReader> readers = new ArrayList<>();

    @BeforeEach
    void start() {
        Map<String, String> env = new HashMap<>();
        env.put("SYN_DATA_DIR", dataDir.toString());
        env.put("SYN_PORT", "0");
        server = Main.start(ServerConfig.fromEnvironment(env), StreamSettings.defaults().withKeepAlive(KEEP_ALIVE));
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() {
        readers.forEach(SseReader::close);
        server.close();
    }

    private SseReader open(String path, String lastEventId) throws Exception {
        SseReader reader = SseReader.open(server.port(), path, lastEventId);
        readers.add(reader);
        return reader;
    }

    private SseReader stream(String execution, String lastEventId) throws Exception {
        SseReader reader = open("/api/executions/" + execution + "/stream", lastEventId);
        assertThat(reader.status).as(reader.body).isEqualTo(200);
        assertThat(reader.contentType).startsWith("text/event-stream");
        return reader;
    }

    private String createWorkflow(String yaml) throws Exception {
        var created = api.post("/api/workflows", "application/yaml", yaml);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private String run(String workflowId) throws Exception {
        var run = api.postJson("/api/workflows/" + workflowId + "/runs", "{\"task\": \"t\"}");
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        return run.body().get("execution_id").asText();
    }

    private static String phase(String id, int order, String command) {
        return "  - id: " + id + "\n    order: " + order + "\n    agent: command\n    timeout_seconds: 60\n"
                + "    command: [sh, -c, '" + command + "']\n    prompt_template: \"" + id + "\"\n";
    }

    private String threePhases(String id, String secondPhaseSleep) throws Exception {
        return threePhases(id, secondPhaseSleep, "0");
    }

    private String threePhases(String id, String secondPhaseSleep, String thirdPhaseSleep) throws Exception {
        return createWorkflow("id: " + id + "\nname: Three\nphases:\n"
                + phase("one", 1, "echo one > artifacts/output/one.md")
                + phase("two", 2, "sleep " + secondPhaseSleep + "; echo two > artifacts/output/two.md")
                + phase("three", 3, "sleep " + thirdPhaseSleep + "; echo three > artifacts/output/three.md"));
    }

    private String endless() throws Exception {
        return createWorkflow("id: endless\nname: Endless\nphases:\n" + phase("wait", 1, "sleep 120"));
    }

    private static List<String> ids(List<Event> events) {
        return events.stream().filter(e -> e.id() != null).map(Event::id).toList();
    }

    @Test
    void aClientThatDisconnectsMidRunAndResumesGetsEveryFrameOnceInOrder() throws Exception {
        String execution = run(threePhases("relay", "1", "2"));
        SseReader first = stream(execution, null);
        List<Event> before = first.until(type("PhaseStarted", "two"), WAIT);
        first.close();
        String lastId = before.getLast().id();
        // frames committed while disconnected (phase two ends) come from the store on resume; phase three's come live
        api.awaitExecution(execution, d -> d.path("phases").get(2).path("status").asText().equals("RUNNING"), WAIT,
                "phase three running");
        SseReader second = stream(execution, lastId);
        List<Event> after = second.until(e -> e.event().equals("end"), WAIT);
        assertThat(after).anySatisfy(e -> assertThat(e.json().path("phase_id").asText()).isEqualTo("two"));
        assertThat(Long.parseLong(after.getFirst().id())).isGreaterThan(Long.parseLong(lastId));
        assertThat(second.closesWithin(Duration.ofSeconds(5))).as("the server closes after end").isTrue();

        List<Event> received = new ArrayList<>(before);
        received.addAll(after);
        SseReader replay = stream(execution, null);
        List<Event> full = replay.until(e -> e.event().equals("end"), WAIT);

        assertThat(received).containsExactlyElementsOf(full);
        List<String> ids = ids(full);
        assertThat(new HashSet<>(ids)).as("no duplicates").hasSize(ids.size());
        assertThat(ids.stream().map(Long::parseLong).toList()).isSorted();
        Event end = full.getLast();
        Event completed = full.get(full.size() - 2);
        assertThat(completed.event()).isEqualTo("execution");
        assertThat(completed.json().path("type").asText()).isEqualTo("ExecutionCompleted");
        assertThat(completed.json().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(end.id()).isNull();
        assertThat(end.json().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(end.json().path("position").asLong()).isEqualTo(completed.position());
        assertThat(full).filteredOn(e -> e.event().equals("artifact")).extracting(e -> e.json().path("phase_id").asText())
                .containsExactly("one", "two", "three");
        assertThat(full).filteredOn(e -> e.event().equals("session")).hasSize(6);
        assertThat(full).filteredOn(type("PhaseCompleted")).hasSize(3)
                .allSatisfy(e -> assertThat(e.json().path("tokens").has("cache_creation")).isTrue());
        for (Event e : full.subList(0, full.size() - 1)) {
            assertThat(e.json().path("execution_id").asText()).isEqualTo(execution);
            assertThat(e.json().path("position").asText()).isEqualTo(e.id());
            assertThat(Instant.parse(e.json().path("at").asText())).isNotNull();
        }
        assertThat(received).filteredOn(e -> e.event().equals("execution")).first()
                .satisfies(e -> assertThat(e.json().path("status").asText()).isEqualTo("NOT_STARTED"));
    }

    @Test
    void resumingAfterTheEndReplaysNothingAndEndsAgain() throws Exception {
        String execution = run(threePhases("quick", "0"));
        List<Event> full = stream(execution, null).until(e -> e.event().equals("end"), WAIT);
        String last = full.get(full.size() - 2).id();
        SseReader again = stream(execution, last);
        Event only = again.next(WAIT);
        assertThat(only.event()).isEqualTo("end");
        assertThat(again.closesWithin(Duration.ofSeconds(5))).isTrue();
        SseReader viaQuery = open("/api/executions/" + execution + "/stream?last_event_id=" + full.get(full.size() - 3).id(), null);
        assertThat(viaQuery.status).isEqualTo(200);
        assertThat(viaQuery.until(e -> e.event().equals("end"), WAIT)).extracting(Event::event)
                .containsExactly("execution", "end");
    }

    @Test
    void cancelMidRunEndsTheStreamAfterTheCancelledFrame() throws Exception {
        String execution = run(endless());
        SseReader reader = stream(execution, null);
        reader.until(type("PhaseStarted"), WAIT);
        assertThat(api.postJson("/api/executions/" + execution + "/cancel", "{\"reason\": \"enough\"}").status()).isEqualTo(202);
        List<Event> rest = reader.until(e -> e.event().equals("end"), WAIT);
        Event cancelled = rest.get(rest.size() - 2);
        assertThat(cancelled.json().path("type").asText()).isEqualTo("ExecutionCancelled");
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("reason").asText()).isEqualTo("enough");
        assertThat(rest.getLast().json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(reader.closesWithin(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void pauseAndResumeAppearWithTheirStatuses() throws Exception {
        String id = createWorkflow("id: pausing\nname: Pausing\nphases:\n"
                + phase("slow", 1, "sleep 1; echo slow > artifacts/output/slow.md")
                + phase("after", 2, "echo after > artifacts/output/after.md"));
        String execution = run(id);
        SseReader reader = stream(execution, null);
        reader.until(type("PhaseStarted", "slow"), WAIT);
        assertThat(api.postJson("/api/executions/" + execution + "/pause", "{\"reason\": \"look\"}").status()).isEqualTo(202);
        Event requested = reader.until(type("ExecutionPauseRequested"), WAIT).getLast();
        assertThat(requested.json().path("status").asText()).isEqualTo("RUNNING");
        assertThat(requested.json().path("reason").asText()).isEqualTo("look");
        Event paused = reader.until(type("ExecutionPaused"), WAIT).getLast();
        assertThat(paused.event()).isEqualTo("execution");
        assertThat(paused.json().path("status").asText()).isEqualTo("PAUSED");
        assertThat(api.postJson("/api/executions/" + execution + "/resume", "{}").status()).isEqualTo(202);
        Event resumed = reader.until(type("ExecutionResumed"), WAIT).getLast();
        assertThat(resumed.json().path("status").asText()).isEqualTo("RUNNING");
        List<Event> rest = reader.until(e -> e.event().equals("end"), WAIT);
        assertThat(rest.getLast().json().path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void toolCallsAndModelUsageOfASessionBecomeToolAndUsageFrames() throws Exception {
        String execution = run(endless());
        SseReader reader = stream(execution, null);
        reader.until(type("PhaseStarted"), WAIT);
        // the command runtime reports no operations: record them as an agent runtime would, through the command path
        String session = execution + ".probe";
        Instant now = Instant.now();
        accept(new SessionCommand.StartSession(session, execution, "wait", "claude", "sonnet", now));
        accept(new SessionCommand.RecordOperation(session, "tool:Bash", TokenUsage.NONE, BigDecimal.ZERO, now));
        accept(new SessionCommand.RecordOperation(session, "llm:sonnet", new TokenUsage(10, 20, 3, 4),
                new BigDecimal("0.0125"), now));
        Event tool = reader.until(e -> e.event().equals("tool"), WAIT).getLast();
        assertThat(tool.json().path("type").asText()).isEqualTo("OperationRecorded");
        assertThat(tool.json().path("tool").asText()).isEqualTo("Bash");
        assertThat(tool.json().path("session_id").asText()).isEqualTo(session);
        assertThat(tool.json().path("phase_id").asText()).isEqualTo("wait");
        assertThat(tool.json().path("execution_id").asText()).isEqualTo(execution);
        Event usage = reader.next(WAIT);
        assertThat(usage.event()).isEqualTo("usage");
        assertThat(usage.json().path("model").asText()).isEqualTo("sonnet");
        assertThat(usage.json().path("tokens").path("input").asLong()).isEqualTo(10);
        assertThat(usage.json().path("tokens").path("output").asLong()).isEqualTo(20);
        assertThat(usage.json().path("tokens").path("cache_creation").asLong()).isEqualTo(3);
        assertThat(usage.json().path("tokens").path("cache_read").asLong()).isEqualTo(4);
        assertThat(usage.json().path("cost_usd").decimalValue()).isEqualByComparingTo("0.0125");
        assertThat(usage.json().path("phase_id").asText()).isEqualTo("wait");
        // a client resuming before these events finds the session's execution in the store, not in the tail's memory
        List<Event> resumed = stream(execution, String.valueOf(tool.position() - 1)).until(e -> e.event().equals("usage"), WAIT);
        assertThat(resumed).extracting(Event::event).containsExactly("tool", "usage");
        api.postJson("/api/executions/" + execution + "/cancel", "{}");
    }

    private void accept(SessionCommand command) {
        var outcome = server.commands().handle(AgentSession.TYPE, command, CommandContext.by("test"));
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
    }

    @Test
    void unknownExecutionsAndBadResumePointsGetProblems() throws Exception {
        SseReader unknown = open("/api/executions/nope/stream", null);
        assertThat(unknown.status).isEqualTo(404);
        assertThat(unknown.contentType).isEqualTo("application/problem+json");
        assertThat(unknown.body).contains("execution 'nope' does not exist");
        String execution = run(threePhases("bad", "0"));
        SseReader bad = open("/api/executions/" + execution + "/stream", "yesterday");
        assertThat(bad.status).isEqualTo(400);
        assertThat(bad.body).contains("Last-Event-ID=yesterday");
    }

    @Test
    void anIdleStreamGetsKeepAliveComments() throws Exception {
        String execution = run(endless());
        SseReader reader = stream(execution, null);
        reader.until(type("PhaseStarted"), WAIT);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reader.keepAlives.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(reader.keepAlives.get()).as("keep-alives every %s", KEEP_ALIVE).isGreaterThanOrEqualTo(2);
        api.postJson("/api/executions/" + execution + "/cancel", "{}");
        reader.until(e -> e.event().equals("end"), WAIT);
    }

    @Test
    void theActivityStreamCarriesEveryExecution() throws Exception {
        SseReader activity = open("/api/activity/stream", null);
        assertThat(activity.status).isEqualTo(200);
        String workflow = threePhases("twice", "0");
        String a = run(workflow);
        String b = run(workflow);
        Set<String> completed = new HashSet<>();
        List<Event> seen = activity.until(e -> {
            if (type("ExecutionCompleted").test(e)) {
                completed.add(e.json().path("execution_id").asText());
            }
            return completed.size() == 2;
        }, WAIT);
        assertThat(completed).containsExactlyInAnyOrder(a, b);
        assertThat(seen).extracting(e -> e.json().path("execution_id").asText()).containsOnly(a, b);
        List<String> ids = ids(seen);
        assertThat(ids.stream().map(Long::parseLong).toList()).isSorted().doesNotHaveDuplicates();
        // resuming the activity stream replays exactly what followed the given position
        SseReader resumed = open("/api/activity/stream", seen.get(4).id());
        assertThat(resumed.until(e -> e.id().equals(seen.getLast().id()), WAIT)).containsExactlyElementsOf(seen.subList(5, seen.size()));
    }

    @Test
    void fiveHundredIdleClientsCostNoPlatformThreadEachAndAllGetTheNextFrame() throws Exception {
        int clients = 500;
        String execution = run(endless());
        stream(execution, null).until(type("PhaseStarted"), WAIT);
        var threads = ManagementFactory.getThreadMXBean();
        int platformBefore = threads.getThreadCount();
        List<SseReader> open = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SseReader>> opening = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                opening.add(pool.submit((Callable<SseReader>) () -> {
                    SseReader reader = stream(execution, null);
                    reader.until(type("PhaseStarted"), WAIT);
                    return reader;
                }));
            }
            for (Future<SseReader> f : opening) {
                open.add(f.get());
            }
        }
        int platformAfter = threads.getThreadCount();
        assertThat(platformAfter - platformBefore).as("platform threads added for %d streams", clients).isLessThan(50);
        assertThat(api.postJson("/api/executions/" + execution + "/cancel", "{}").status()).isEqualTo(202);
        for (SseReader reader : open) {
            List<Event> rest = reader.until(e -> e.event().equals("end"), WAIT);
            assertThat(rest.get(rest.size() - 2).json().path("type").asText()).isEqualTo("ExecutionCancelled");
        }
        awaitNoStreamClients();
    }

    @Test
    void aClientThatLeavesIsNoticedAndForgotten() throws Exception {
        String execution = run(endless());
        SseReader reader = stream(execution, null);
        reader.until(type("PhaseStarted"), WAIT);
        assertThat(server.streamClients()).isEqualTo(1);
        reader.close();
        // the next keep-alive write fails, and the stream's thread ends
        awaitNoStreamClients();
        api.postJson("/api/executions/" + execution + "/cancel", "{}");
    }

    private void awaitNoStreamClients() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.streamClients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.streamClients()).isZero();
    }
}
