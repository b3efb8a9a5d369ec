package io.syntropic137.server.agents;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.agents.claude.ClaudeCodeSettings;
import io.syntropic137.modelserver.ModelServer;
import io.syntropic137.modelserver.RecordedRequest;
import io.syntropic137.modelserver.ScriptParser;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import io.syntropic137.server.engine.ApiClient;
import io.syntropic137.workspaces.BubblewrapWorkspaceProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.syntropic137.server.engine.ApiClient.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * The real Claude Code CLI (pinned 2.1.331) run by the whole server: workflows created and run over HTTP, each phase's
 * agent in a real bubblewrap workspace with no network, its model calls going through the runtime's key-adding proxy
 * to a scripted {@link ModelServer} (the server's {@code SYN_MODEL_UPSTREAM}). The API key is a canary, a random
 * string read from an owner-only secrets file: the model server must see it on every call, and nothing the server
 * stores, logs or leaves behind may hold it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClaudeCodeOverHttpTest {
    private static final String PINNED_VERSION = "2.1.331";
    private static final String MODEL = "claude-sonnet-4-5";
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String NOTES_LINE = "NOTES-LINE-7f3a: the agent wrote this with its Write tool";

    @TempDir
    Path dataDir;
    @TempDir
    Path secretsDir;

    private final String canary = "sk-ant-canary-" + UUID.randomUUID();
    private ModelServer model;
    private Server server;
    private ApiClient api;
    private final CapturedLogs logs = new CapturedLogs();

    @BeforeAll
    static void theCliAndTheSandboxAreInstalled() throws Exception {
        assertThat(BubblewrapWorkspaceProvider.unavailableReason())
                .as("bubblewrap must work on this machine (run scripts/setup-test-env)").isNull();
        Path claude = ClaudeCodeSettings.findOnPath("claude").orElseGet(() -> fail(
                "claude is not on the PATH; run scripts/setup-test-env (installs @anthropic-ai/claude-code@" + PINNED_VERSION + ")"));
        assertThat(ClaudeCodeSettings.findOnPath("curl")).as("curl is needed by the hooks; run scripts/setup-test-env").isPresent();
        Process version = new ProcessBuilder(claude.toString(), "--version").redirectErrorStream(true).start();
        String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("claude --version; run scripts/setup-test-env for the pinned CLI").startsWith(PINNED_VERSION + " ");
    }

    /** A model server serving {@code script} (a resource of this package) and a server whose agents use it. */
    private void start(String script, Map<String, String> moreSettings) throws IOException {
        model = ModelServer.builder()
                .script(script, new ScriptParser().parseResource("/io/syntropic137/server/agents/" + script + ".json"))
                .tcpPort(0).start();
        Path secrets = secretsDir.resolve("secrets.properties");
        Files.writeString(secrets, "ANTHROPIC_API_KEY=" + canary + "\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = new HashMap<>(moreSettings);
        env.put("SYN_DATA_DIR", dataDir.toString());
        env.put("SYN_PORT", "0");
        env.put("SYN_WORKSPACES", "bubblewrap");
        env.put("SYN_CLAUDE_CODE", "on");
        env.put("SYN_MODEL_UPSTREAM", model.baseUrl(script));
        env.put("SYN_SECRETS_FILE", secrets.toString());
        logs.attach();
        server = Main.start(ServerConfig.fromEnvironment(env), env);
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
        logs.detach();
    }

    // ---- 1. two phases, artifacts handed on, the CLI's own figures recorded ----

    @Test
    void twoClaudeCodePhasesHandTheirNotesOnAndRecordTheClisTokensAndCost() throws Exception {
        start("notes-report", Map.of());
        long started = System.nanoTime();
        String execution = run(notesAndReport("notes-report"), "the canary run");
        JsonNode done = api.awaitExecution(execution, ClaudeCodeOverHttpTest::terminal, WAIT, "a terminal state");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(status(done)).as(done.toString()).isEqualTo("COMPLETED");

        JsonNode notes = done.path("phases").get(0);
        JsonNode report = done.path("phases").get(1);
        assertThat(artifactText(notes)).contains(NOTES_LINE);
        assertThat(artifactText(report)).startsWith("# Report").contains(NOTES_LINE);

        // the CLI's result line sums the usage the script served, per phase (one CLI run each)
        assertTokens(notes.path("tokens"), 120 + 40, 60 + 15, 900 + 30, 900);
        assertTokens(report.path("tokens"), 150 + 50, 70 + 20, 1000 + 10, 1000);
        // and prices it at the Sonnet 4.5 list prices (USD per million: input 3, output 15, cache write 3.75, cache read
        // 0.30). The CLI adds binary doubles (0.0060374999999999995 for 0.0060375), so its figure is exact to 1e-15.
        BigDecimal notesCost = sonnetCost(160, 75, 930, 900);
        BigDecimal reportCost = sonnetCost(200, 90, 1010, 1000);
        assertThat(notes.path("costUsd").decimalValue()).isCloseTo(notesCost, within(new BigDecimal("1e-15")));
        assertThat(report.path("costUsd").decimalValue()).isCloseTo(reportCost, within(new BigDecimal("1e-15")));
        // the telemetry's per-call usage (from the proxied stream), priced by the server's own price table: exact
        for (JsonNode phase : List.of(notes, report)) {
            JsonNode row = awaitRow(execution, phase.path("phaseId").asText());
            assertThat(row.path("input_tokens").asLong()).isEqualTo(phase.path("tokens").path("input").asLong());
            assertThat(row.path("output_tokens").asLong()).isEqualTo(phase.path("tokens").path("output").asLong());
            assertThat(row.path("cache_creation_input_tokens").asLong()).isEqualTo(phase.path("tokens").path("cacheCreation").asLong());
            assertThat(row.path("cache_read_input_tokens").asLong()).isEqualTo(phase.path("tokens").path("cacheRead").asLong());
            assertThat(row.path("computed_cost_usd").decimalValue())
                    .isEqualByComparingTo(phase == notes ? notesCost : reportCost);
        }

        List<RecordedRequest> calls = model.requests().messages();
        assertThat(calls).as("two model calls per phase").hasSize(4)
                .allSatisfy(call -> {
                    assertThat(call.secretMatches("x-api-key", canary)).as("the upstream got the canary key").isTrue();
                    assertThat(call.body().path("model").asText()).isEqualTo(MODEL);
                });
        System.out.printf("two claude-code phases over HTTP: %d ms%n", millis);
    }

    // ---- 2. pause during phase 2 holds the agent at its next yield point ----

    @Test
    void pauseDuringThePhaseHoldsTheNextToolCallUntilResume() throws Exception {
        start("pause", Map.of());
        String execution = run(notesAndReport("pause"), "pause me");
        api.awaitExecution(execution, d -> phaseStatus(d, 1).equals("RUNNING"), WAIT, "phase report running");
        awaitModelCall(call -> call.body().toString().contains("PHASE:report"), "phase report's first model call");
        // its first tool (a 1.5 s Bash step) is now running; the pause takes effect when it ends
        var pause = api.postJson("/api/executions/" + execution + "/pause", "{\"reason\": \"look at it\"}");
        assertThat(pause.status()).as(pause.raw()).isEqualTo(202);
        JsonNode paused = api.awaitExecution(execution, d -> status(d).equals("PAUSED"), WAIT, "PAUSED");
        assertThat(paused.path("yieldPoint").asText()).isEqualTo("AFTER_TOOL_EXECUTION");
        String session = awaitSession(execution, "report"); // the detail names it only when the agent is done
        List<JsonNode> toolsAtPause = awaitTools(session, tools -> tools.size() == 1 && !tools.get(0).path("finished_at").isNull());
        int callsAtPause = model.requests().messages().size();

        Thread.sleep(1_000);
        JsonNode still = api.get("/api/executions/" + execution).body();
        assertThat(status(still)).isEqualTo("PAUSED");
        assertThat(tools(session)).as("no tool starts while paused").hasSize(1);
        assertThat(model.requests().messages()).as("no model call while paused").hasSize(callsAtPause);
        assertThat(toolsAtPause.get(0).path("tool_name").asText()).isEqualTo("Bash");

        Instant resumedAt = Instant.now();
        assertThat(api.postJson("/api/executions/" + execution + "/resume", "{}").status()).isEqualTo(202);
        JsonNode done = api.awaitExecution(execution, ClaudeCodeOverHttpTest::terminal, WAIT, "a terminal state");
        assertThat(status(done)).as(done.toString()).isEqualTo("COMPLETED");

        List<JsonNode> tools = awaitTools(session, t -> t.size() == 2);
        Instant secondToolStarted = Instant.parse(tools.get(1).path("started_at").asText());
        assertThat(secondToolStarted).as("the second tool starts after the resume").isAfter(resumedAt);
        assertThat(Instant.parse(tools.get(0).path("finished_at").asText())).isBefore(resumedAt);
        List<RecordedRequest> calls = model.requests().messages();
        assertThat(calls.get(callsAtPause).receivedAt()).as("the next model call comes after the resume").isAfter(resumedAt);
        assertThat(artifactText(done.path("phases").get(1))).isEqualTo("notes for the pause test\n");
        assertThat(calls).allSatisfy(call -> assertThat(call.secretMatches("x-api-key", canary)).isTrue());
    }

    // ---- 3. cancel mid-phase ----

    @Test
    void cancelMidPhaseLeavesNoProcessAndNoWorkspace() throws Exception {
        start("endless", Map.of());
        String id = createWorkflow("id: endless\nname: Endless\nphases:\n"
                + phase("endless", 1, "[Bash]", "", "PHASE:endless\nRun the step.\n"));
        String execution = run(id, "cancel me");
        awaitModelCall(call -> true, "the first model call");
        // the agent's process tree: bwrap, the CLI and the never-ending tool, all below this JVM
        List<ProcessHandle> tree = awaitAgentTree();
        ProcessHandle cli = tree.stream().filter(p -> executableName(p).startsWith("claude")).findFirst()
                .orElseThrow(() -> new AssertionError("no claude process in " + describe(tree)));
        String environ = Files.readString(Path.of("/proc", Long.toString(cli.pid()), "environ"), StandardCharsets.ISO_8859_1);
        assertThat(environ).as("the CLI's environment").contains("ANTHROPIC_API_KEY=syn-placeholder-").doesNotContain(canary);

        long start = System.nanoTime();
        var cancelled = api.postJson("/api/executions/" + execution + "/cancel", "{\"reason\": \"enough\"}");
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
        long deadline = start + Duration.ofSeconds(2).toNanos();
        while (tree.stream().anyMatch(ClaudeCodeOverHttpTest::running) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tree).as("processes running 2 s after the cancel: %s", describe(tree)).noneMatch(ClaudeCodeOverHttpTest::running);
        JsonNode detail = api.awaitExecution(execution, d -> status(d).equals("CANCELLED"), WAIT, "CANCELLED");
        assertThat(detail.path("cancelReason").asText()).isEqualTo("enough");
        awaitNoWorkspaces();
        System.out.printf("cancel to last process gone: %d ms%n", stopMillis);
    }

    // ---- 4. overloaded model ----

    @Test
    void twoOverloadedAnswersAreRetriedByTheCliAndThePhaseCompletes() throws Exception {
        start("overloaded-twice", Map.of());
        String id = createWorkflow("id: overloaded\nname: Overloaded\nphases:\n"
                + phase("answer", 1, "[Write]", "    output_artifacts: [answer.md]\n", "Answer.\n"));
        String execution = run(id, "t");
        JsonNode done = api.awaitExecution(execution, ClaudeCodeOverHttpTest::terminal, WAIT, "a terminal state");
        assertThat(status(done)).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("phases").get(0).path("attempts").asInt()).as("one phase attempt: the CLI retried").isEqualTo(1);
        List<RecordedRequest> calls = model.requests().messages();
        assertThat(calls).as("529, 529, then the answer, then the final text").hasSize(4)
                .allSatisfy(call -> assertThat(call.secretMatches("x-api-key", canary)).isTrue());
        assertThat(calls.get(0).body()).isEqualTo(calls.get(1).body()).isEqualTo(calls.get(2).body());
        assertThat(artifactText(done.path("phases").get(0))).isEqualTo("made it past the overload\n");
        // the CLI's retries and its own summary are telemetry too, filed under the phase's session
        List<String> types = telemetryTypes(execution);
        assertThat(types.stream().filter("api_retry"::equals)).hasSize(2);
        assertThat(types).contains("session_summary");
    }

    /** The types of the execution's telemetry events, once the buffer has stored them. */
    private List<String> telemetryTypes(String execution) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> types = List.of();
        while (System.nanoTime() < deadline) {
            types = new java.util.ArrayList<>();
            for (JsonNode event : api.get("/api/telemetry/events?execution=" + execution + "&limit=500").body().path("events")) {
                types.add(event.path("type").asText());
            }
            if (types.contains("session_summary")) {
                return types;
            }
            Thread.sleep(100);
        }
        return types;
    }

    @Test
    void overloadedBeyondTheConfiguredRetryBudgetFailsWithAClearError() throws Exception {
        start("overloaded-always", Map.of("SYN_CLAUDE_CODE_MAX_RETRIES", "1"));
        String id = createWorkflow("id: overloaded\nname: Overloaded\nphases:\n"
                + phase("answer", 1, "[Write]", "", "Answer.\n"));
        String execution = run(id, "t");
        JsonNode failed = api.awaitExecution(execution, ClaudeCodeOverHttpTest::terminal, WAIT, "a terminal state");
        assertThat(status(failed)).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.path("error").asText()).contains("phase 'answer' failed after 1 attempt").contains("529");
        assertThat(model.requests().messages()).as("one call and the one retry SYN_CLAUDE_CODE_MAX_RETRIES allows").hasSize(2);
        System.out.println("overloaded failure: " + failed.path("error").asText());
    }

    // ---- 5. the secrets canary ----

    @Test
    void theCanaryKeyIsInNoEventTelemetryLogArtifactOrFileAfterAFullRun() throws Exception {
        logs.level = Level.DEBUG; // our own debug logging too: a key in a debug line is a leak waiting for a setting
        start("notes-report", Map.of());
        String execution = run(notesAndReport("notes-report"), "the canary run");
        JsonNode done = api.awaitExecution(execution, ClaudeCodeOverHttpTest::terminal, WAIT, "a terminal state");
        assertThat(status(done)).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(model.requests().messages()).as("the canary was the key in use").hasSize(4)
                .allSatisfy(call -> assertThat(call.secretMatches("x-api-key", canary)).isTrue());
        awaitTools(done.path("phases").get(1).path("sessionId").asText(), tools -> tools.size() == 1);
        server.close(); // everything flushed and checkpointed to the files
        server = null;

        // every row of every table of the three databases (events, telemetry, read models)
        Map<String, Integer> rows = new HashMap<>();
        for (String db : List.of("syntropic137.db", "telemetry.db", "readmodels.db")) {
            rows.put(db, scanDatabase(dataDir.resolve(db), canary));
        }
        assertThat(rows).as("rows scanned per database").allSatisfy((db, n) -> assertThat(n).isPositive());
        // every file under the data directory: databases and their journals, content store, workspaces
        List<Path> files = regularFiles(dataDir);
        assertThat(files).filteredOn(f -> f.startsWith(dataDir.resolve("content"))).as("artifacts in the content store")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(files).filteredOn(f -> contains(f, NOTES_LINE)).as("control: the scan finds a stored string")
                .isNotEmpty();
        assertThat(files).filteredOn(f -> contains(f, canary)).as("files holding the canary").isEmpty();
        Path sockets = Path.of(System.getProperty("java.io.tmpdir"), "syn-sockets-" + ProcessHandle.current().pid());
        assertThat(regularFiles(sockets)).filteredOn(f -> contains(f, canary)).isEmpty();
        // the log, at debug level for our packages
        assertThat(logs.lines).as("log lines captured").isNotEmpty();
        assertThat(logs.lines).filteredOn(line -> line.contains(canary)).as("log lines holding the canary").isEmpty();
        System.out.printf("canary scan: %s rows, %d files, %d log lines: no hit%n", rows, files.size(), logs.lines.size());
    }

    // ---- 6. the agent's git commit and push, reported by the workspace's git hooks, stored as telemetry ----

    @Test
    void theAgentsCommitAndPushAreStoredAsTelemetryOfItsPhase() throws Exception {
        start("git-commit-push", Map.of());
        String workflow = createWorkflow("id: git-commit-push\nname: Commit and push\nphases:\n"
                + phase("git", 1, "[Bash]", "    output_artifacts: [git.md]\n",
                "PHASE:git\nCommit hello.txt in repos/app and push it to remote.git.\n"));
        String execution = run(workflow, "commit and push");
        JsonNode done = api.awaitExecution(execution, ClaudeCodeOverHttpTest::terminal, WAIT, "a terminal state");
        assertThat(status(done)).as(done.toString()).isEqualTo("COMPLETED");
        String sha = artifactText(done.path("phases").get(0)).strip().split(" ")[1];
        assertThat(sha).matches("[0-9a-f]{40}");
        String session = done.path("phases").get(0).path("sessionId").asText();

        JsonNode commit = awaitTelemetry(execution, "git_commit");
        assertThat(commit.path("phase").asText()).isEqualTo("git");
        assertThat(commit.path("session").asText()).isEqualTo(session);
        assertThat(commit.at("/data/sha").asText()).isEqualTo(sha);
        assertThat(commit.at("/data/branch").asText()).isEqualTo("main");
        assertThat(commit.at("/data/subject").asText()).isEqualTo("Add hello.txt (agent)");
        assertThat(commit.at("/data/files/0").asText()).isEqualTo("hello.txt");
        JsonNode push = awaitTelemetry(execution, "git_push");
        assertThat(push.path("phase").asText()).isEqualTo("git");
        assertThat(push.at("/data/remote").asText()).isEqualTo("origin");
        assertThat(push.at("/data/refs/0/remote_ref").asText()).isEqualTo("refs/heads/main");
        assertThat(push.at("/data/refs/0/local_sha").asText()).isEqualTo(sha);
    }

    private JsonNode awaitTelemetry(String execution, String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode events = api.get("/api/telemetry/events?execution=" + execution + "&type=" + type).body().path("events");
            if (events.size() > 0) {
                assertThat(events).as("one " + type).hasSize(1);
                return events.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " telemetry for " + execution);
    }

    // ---- helpers ----

    private static String phase(String id, int order, String tools, String extra, String prompt) {
        return "  - id: " + id + "\n    order: " + order + "\n    agent: claude-code\n    model: " + MODEL + "\n"
                + "    allowed_tools: " + tools + "\n    timeout_seconds: 60\n" + extra
                + "    prompt_template: |\n" + prompt.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
    }

    /** Notes by the Write tool, then a report from them by Bash; the PHASE: markers are what the script matches. */
    private String notesAndReport(String id) throws Exception {
        return createWorkflow("id: " + id + "\nname: Notes and report\nphases:\n"
                + phase("notes", 1, "[Write]", "    output_artifacts: [notes.md]\n",
                "PHASE:notes\nWrite short notes about: $ARGUMENTS\nPut them in artifacts/output/notes.md.\n")
                + phase("report", 2, "[Bash]", "    input_artifacts: [notes]\n    output_artifacts: [report.md]\n",
                "PHASE:report\nTurn artifacts/input/notes/notes.md into artifacts/output/report.md.\n"));
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

    private static boolean terminal(JsonNode detail) {
        return List.of("COMPLETED", "FAILED", "CANCELLED").contains(status(detail));
    }

    private static String phaseStatus(JsonNode detail, int index) {
        return detail.path("phases").path(index).path("status").asText();
    }

    private String artifactText(JsonNode phase) throws Exception {
        JsonNode ids = phase.path("artifactIds");
        assertThat(ids).as("artifacts of phase %s", phase.path("phaseId")).hasSize(1);
        var content = api.get("/api/artifacts/" + ids.get(0).asText() + "/content");
        assertThat(content.status()).isEqualTo(200);
        return content.raw();
    }

    private static void assertTokens(JsonNode tokens, long input, long output, long cacheCreation, long cacheRead) {
        assertThat(List.of(tokens.path("input").asLong(), tokens.path("output").asLong(), tokens.path("cacheCreation").asLong(),
                tokens.path("cacheRead").asLong())).as(tokens.toString()).containsExactly(input, output, cacheCreation, cacheRead);
    }

    private static BigDecimal sonnetCost(long input, long output, long cacheWrite, long cacheRead) {
        return BigDecimal.valueOf(input).multiply(new BigDecimal("3"))
                .add(BigDecimal.valueOf(output).multiply(new BigDecimal("15")))
                .add(BigDecimal.valueOf(cacheWrite).multiply(new BigDecimal("3.75")))
                .add(BigDecimal.valueOf(cacheRead).multiply(new BigDecimal("0.30")))
                .divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64);
    }

    private JsonNode awaitRow(String execution, String phaseId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode row : api.get("/api/telemetry/costs?by=phase&execution=" + execution).body().path("rows")) {
                if (row.path("phase").asText().equals(phaseId)) {
                    return row;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no telemetry cost row for phase " + phaseId);
    }

    /** The agent session of a running phase, from its telemetry. */
    private String awaitSession(String execution, String phase) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode event : api.get("/api/telemetry/events?execution=" + execution + "&phase=" + phase).body().path("events")) {
                if (event.hasNonNull("session")) {
                    return event.get("session").asText();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no telemetry event names the session of phase " + phase);
    }

    private List<JsonNode> tools(String session) throws Exception {
        List<JsonNode> calls = new ArrayList<>();
        api.get("/api/telemetry/sessions/" + session + "/tools").body().path("tool_calls").forEach(calls::add);
        return calls;
    }

    private List<JsonNode> awaitTools(String session, Predicate<List<JsonNode>> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> last = List.of();
        while (System.nanoTime() < deadline) {
            last = tools(session);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the tool timeline of session " + session + " never got there: " + last);
    }

    private void awaitModelCall(Predicate<RecordedRequest> which, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (model.requests().messages().stream().anyMatch(which)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + " never reached the model server");
    }

    /** Waits until this JVM's process tree holds the CLI and the tool it runs ({@code tail}); returns all of it. */
    private static List<ProcessHandle> awaitAgentTree() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ProcessHandle> tree = List.of();
        while (System.nanoTime() < deadline) {
            tree = ProcessHandle.current().descendants().filter(ClaudeCodeOverHttpTest::running).toList();
            if (tree.stream().anyMatch(p -> executableName(p).startsWith("claude"))
                    && tree.stream().anyMatch(p -> executableName(p).equals("tail"))) {
                return tree;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the agent's process tree never held claude and its tool: " + describe(tree));
    }

    private static String executableName(ProcessHandle process) {
        return process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("");
    }

    private static String describe(List<ProcessHandle> tree) {
        return tree.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList().toString();
    }

    /** Alive and not a zombie (a zombie has exited; only its parent's reaping is left). */
    private static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone
        }
    }

    private void awaitNoWorkspaces() throws Exception {
        Path workspaces = dataDir.resolve("workspaces");
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Path> left = List.of();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> entries = Files.list(workspaces)) {
                left = entries.toList();
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("workspace directories left: " + left);
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                    .contains(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + " to scan it", e);
        }
    }

    /** Reads every column of every row of every table, read-only, failing on a value holding {@code secret}; returns the rows read. */
    private static int scanDatabase(Path file, String secret) throws Exception {
        assertThat(file).exists();
        int rows = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro")) {
            List<String> tables = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        rows++;
                        for (int c = 1; c <= columns; c++) {
                            byte[] value = rs.getBytes(c);
                            if (value != null) {
                                assertThat(new String(value, StandardCharsets.ISO_8859_1)).as("%s table %s column %d", file.getFileName(), table, c)
                                        .doesNotContain(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** The server's log output, as formatted messages with their exceptions, at a chosen level for our packages. */
    private static final class CapturedLogs extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        Level level;
        private Level previous;

        void attach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            setContext(context);
            start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this);
            if (level != null) {
                Logger ours = context.getLogger("io.syntropic137");
                previous = ours.getLevel();
                ours.setLevel(level);
            }
        }

        void detach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
            if (level != null) {
                context.getLogger("io.syntropic137").setLevel(previous);
            }
            stop();
        }

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            event.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    line.append(' ').append(frame.getSTEAsString());
                }
            }
            lines.add(line.toString());
        }
    }
}
