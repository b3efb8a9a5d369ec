package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.domain.orchestration.NetworkAccess;
import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.port.AgentResult;
import io.syntropic137.engine.port.AgentTask;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import io.syntropic137.modelserver.ModelServer;
import io.syntropic137.modelserver.RecordedRequest;
import io.syntropic137.modelserver.ScriptParser;
import io.syntropic137.workspaces.BubblewrapWorkspaceProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The real Claude Code CLI (pinned 2.1.331, installed by scripts/setup-test-env) in a real bubblewrap workspace
 * with no network, its model calls going through our proxy to a scripted {@link ModelServer}. Nothing is mocked:
 * the tools really run, the hooks really call our socket, the key really is swapped.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClaudeCodeRuntimeTest {
    private static final String PINNED_VERSION = "2.1.331";
    private static final String MODEL = "claude-sonnet-4-5";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(45);

    private final String realKey = "sk-ant-real-" + UUID.randomUUID();
    private final ScriptParser scripts = new ScriptParser();
    private Path scratch;
    private Path socketDir;
    private BubblewrapWorkspaceProvider provider;
    private Workspace workspace;
    private ModelServer model;

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

    @BeforeEach
    void createWorkspace() throws IOException {
        // under target/, not /tmp: the sandbox has a private /tmp; short, since socket paths are limited to 107 bytes
        scratch = Files.createDirectories(Path.of("target", "cc", UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
        // sockets in a short temp directory whatever the checkout's path (the production server does the same)
        socketDir = Files.createTempDirectory("syn-s");
        provider = new BubblewrapWorkspaceProvider(scratch.resolve("ws"), List.of());
    }

    private Workspace workspace(Map<String, byte[]> inputs) throws IOException {
        workspace = provider.create(new WorkspaceSpec("w" + UUID.randomUUID().toString().substring(0, 8), "exec-1", "phase-1",
                List.of(), "Scripted test workspace.", inputs, List.of(), Map.of(),
                new WorkspaceLimits(2000, 4096, 256, 120, NetworkAccess.NONE)), WorkspaceSteps.IGNORE);
        return workspace;
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (workspace != null) {
            workspace.close();
        }
        if (model != null) {
            model.close();
        }
        try (Stream<Path> paths = Files.walk(scratch)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private ClaudeCodeRuntime runtime(String scriptJson, Map<String, String> cliEnvironment) throws IOException {
        model = ModelServer.builder().script("t", scripts.parse("t.json", scriptJson)).tcpPort(0).start();
        ClaudeCodeSettings settings = ClaudeCodeSettings.onPath(URI.create(model.baseUrl("t")), () -> realKey, socketDir, MODEL)
                .withCliEnvironment(cliEnvironment);
        return new ClaudeCodeRuntime(settings);
    }

    private static AgentTask task(String prompt, List<String> allowedTools) {
        return new AgentTask("exec-1", "phase-1", "session-1", 1, prompt, null, allowedTools, 10, null, List.of(),
                Duration.ofSeconds(60));
    }

    private static AgentResult finish(ClaudeCodeRun run) throws InterruptedException {
        return run.await(RUN_LIMIT).orElseGet(() -> fail("claude did not finish within " + RUN_LIMIT));
    }

    private static String describe(ClaudeCodeRun run, AgentResult result) {
        return result + "\nresult line: " + run.resultLine().map(JsonNode::toString).orElse("none");
    }

    @Test
    void theAgentWritesNotesToolEventsComeFromHooksAndTheResultCarriesTheClisFigures() throws Exception {
        ClaudeCodeRuntime runtime = runtime("""
                [{"content": [{"type": "text", "text": "Writing the notes."},
                              {"type": "tool_use", "name": "Write", "input": {"file_path": "{cwd}/artifacts/output/notes.md", "content": "# Notes\\nwritten by the agent\\n"}}],
                  "usage": {"input_tokens": 12, "output_tokens": 40, "cache_creation_input_tokens": 1200, "cache_read_input_tokens": 0}},
                 {"match": "File created", "content": [{"type": "text", "text": "Done."}],
                  "usage": {"input_tokens": 8, "output_tokens": 5, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 1200}}]""", Map.of());
        Workspace ws = workspace(Map.of());
        RecordingEvents events = new RecordingEvents();

        long start = System.nanoTime();
        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("write the notes", List.of("Write")), ws, events);
        AgentResult result = finish(run);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result.succeeded()).as(describe(run, result)).isTrue();
        assertThat(ws.outputDir().resolve("notes.md")).hasContent("# Notes\nwritten by the agent");
        assertThat(events.started).singleElement().satisfies(started -> {
            assertThat(started.tool()).isEqualTo("Write");
            assertThat(started.inputJson()).contains("notes.md");
        });
        assertThat(events.finished).singleElement().satisfies(finished -> {
            assertThat(finished.toolUseId()).isEqualTo(events.started.get(0).toolUseId()).startsWith("toolu_");
            assertThat(finished.tool()).isEqualTo("Write");
            assertThat(finished.succeeded()).isTrue();
        });
        assertThat(run.stopHookSeen()).isTrue();

        // the result's figures are the CLI's own result line, which sums the scripted usage
        JsonNode line = run.resultLine().orElseThrow();
        TokenUsage scripted = new TokenUsage(12 + 8, 40 + 5, 1200 + 100, 1200);
        assertThat(result.tokens()).isEqualTo(scripted);
        assertThat(result.tokens().output()).isEqualTo(line.at("/usage/output_tokens").asLong());
        assertThat(result.costUsd()).isEqualByComparingTo(line.get("total_cost_usd").decimalValue()).isPositive();
        // per call, from the proxied stream, once per API message
        assertThat(events.usages).hasSize(2).allSatisfy(usage -> assertThat(usage.model()).isEqualTo(MODEL));
        assertThat(events.usageTotal()).isEqualTo(scripted);

        List<RecordedRequest> requests = model.requests().messages();
        assertThat(requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.secretMatches("x-api-key", realKey)).as("the upstream gets the real key").isTrue();
            assertThat(request.body().get("model").asText()).isEqualTo(MODEL);
        });
        assertNoFileContains(ws.root(), realKey);
        assertThat(HookSettingsFile.read(ws.root()).path("hooks").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(HookServer.EVENTS);
        System.out.printf("write run: %d ms%n", millis);
    }

    @Test
    void bashReadsAnInputFileAndWritesAReportWithoutTheRealKeyInItsEnvironment() throws Exception {
        ClaudeCodeRuntime runtime = runtime("""
                [{"content": [{"type": "tool_use", "name": "Bash", "input": {"command": "tr a-z A-Z < artifacts/input/brief.txt > artifacts/output/report.md && env > artifacts/output/env.txt && echo report written", "description": "write the report"}}]},
                 {"match": "report written", "content": [{"type": "text", "text": "The report is written."}]}]""", Map.of());
        Workspace ws = workspace(Map.of("brief.txt", "alpha beta\n".getBytes(StandardCharsets.UTF_8)));
        RecordingEvents events = new RecordingEvents();

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("write the report", List.of()), ws, events);
        AgentResult result = finish(run);

        assertThat(result.succeeded()).as(describe(run, result)).isTrue();
        assertThat(ws.outputDir().resolve("report.md")).hasContent("ALPHA BETA");
        assertThat(events.started).singleElement().satisfies(started -> assertThat(started.tool()).isEqualTo("Bash"));
        assertThat(events.finished).singleElement().satisfies(finished -> {
            assertThat(finished.toolUseId()).isEqualTo(events.started.get(0).toolUseId());
            assertThat(finished.succeeded()).isTrue();
            assertThat(finished.detail()).contains("report written");
        });
        String env = Files.readString(ws.outputDir().resolve("env.txt"));
        assertThat(env).doesNotContain(realKey).contains("ANTHROPIC_API_KEY=syn-placeholder-")
                .contains("ANTHROPIC_UNIX_SOCKET=" + socketDir);
        assertNoFileContains(ws.root(), realKey);
        assertThat(model.requests().messages()).allSatisfy(request -> assertThat(request.secretMatches("x-api-key", realKey)).isTrue());
    }

    private static final String WRITE_BASH_TEXT = """
            [{"content": [{"type": "tool_use", "name": "Write", "input": {"file_path": "{cwd}/artifacts/output/notes.md", "content": "first\\n"}}]},
             {"content": [{"type": "tool_use", "name": "Bash", "input": {"command": "echo second >> artifacts/output/notes.md", "description": "append"}}]},
             {"content": [{"type": "text", "text": "Both steps done."}]}]""";

    @Test
    void whileHeldAfterAToolCallNoToolStartsAndNoModelCallIsMadeThenTheSameProcessGoesOn() throws Exception {
        ClaudeCodeRuntime runtime = runtime(WRITE_BASH_TEXT, Map.of());
        Workspace ws = workspace(Map.of());
        RecordingEvents events = new RecordingEvents().holdAt(YieldPoint.AFTER_TOOL_EXECUTION, 1);

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("two steps", List.of()), ws, events);
        assertThat(events.awaitHeld(RUN_LIMIT)).as("the first tool call reaches its yield point").isTrue();
        Set<Long> claudeWhileHeld = claudeProcesses(run.pids());
        assertThat(claudeWhileHeld).as("the CLI is alive while held").isNotEmpty();
        Thread.sleep(1_500);
        Instant releasing = Instant.now();
        int requestsWhileHeld = model.requests().messages().size();
        events.release();
        Set<Long> pidsAfterRelease = new HashSet<>(run.pids());
        AgentResult result = finish(run);

        assertThat(result.succeeded()).as(describe(run, result)).isTrue();
        assertThat(events.started).extracting(RecordingEvents.ToolStart::tool).containsExactly("Write", "Bash");
        assertThat(events.started.get(0).at()).isBefore(events.heldAt);
        assertThat(events.started.get(1).at()).as("the next tool starts only after the release").isAfter(releasing);
        assertThat(requestsWhileHeld).as("model calls made before the hold was released").isEqualTo(1);
        assertThat(model.requests().messages()).hasSize(3);
        assertThat(model.requests().messages().get(1).receivedAt()).isAfter(releasing);
        assertThat(pidsAfterRelease).as("the held CLI is the one that goes on").containsAll(claudeWhileHeld);
        assertThat(model.requests().messages()).extracting(request -> request.header("x-claude-code-session-id").orElseThrow())
                .as("one CLI session throughout").containsOnly(model.requests().messages().get(0).header("x-claude-code-session-id").orElseThrow());
        assertThat(ws.outputDir().resolve("notes.md")).hasContent("first\nsecond");
    }

    @Test
    void whileHeldAfterAModelCallTheNextModelRequestDoesNotReachTheUpstream() throws Exception {
        ClaudeCodeRuntime runtime = runtime(WRITE_BASH_TEXT, Map.of());
        Workspace ws = workspace(Map.of());
        RecordingEvents events = new RecordingEvents().holdAt(YieldPoint.AFTER_LLM_CALL, 1);

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("two steps", List.of()), ws, events);
        assertThat(events.awaitHeld(RUN_LIMIT)).as("the second model call reaches the proxy").isTrue();
        Thread.sleep(1_500);
        Instant releasing = Instant.now();
        int requestsWhileHeld = model.requests().messages().size();
        int toolsStartedWhileHeld = events.started.size();
        events.release();
        AgentResult result = finish(run);

        assertThat(result.succeeded()).as(describe(run, result)).isTrue();
        assertThat(requestsWhileHeld).isEqualTo(1);
        assertThat(toolsStartedWhileHeld).as("only the tool of the first answer").isEqualTo(1);
        assertThat(model.requests().messages().get(1).receivedAt()).isAfter(releasing);
        assertThat(events.started.get(1).at()).isAfter(releasing);
        assertThat(events.yields).filteredOn(y -> y.point() == YieldPoint.AFTER_LLM_CALL).hasSize(2);
    }

    @Test
    void aToolOutsideTheAllowListIsDeniedByTheHookAndTheRunGoesOn() throws Exception {
        ClaudeCodeRuntime runtime = runtime("""
                [{"content": [{"type": "tool_use", "name": "Bash", "input": {"command": "touch artifacts/output/forbidden.txt", "description": "not allowed"}}]},
                 {"content": [{"type": "tool_use", "name": "Write", "input": {"file_path": "{cwd}/artifacts/output/notes.md", "content": "allowed\\n"}}]},
                 {"content": [{"type": "text", "text": "Done without Bash."}]}]""", Map.of());
        Workspace ws = workspace(Map.of());
        RecordingEvents events = new RecordingEvents();

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("try bash", List.of("Write", "Read")), ws, events);
        AgentResult result = finish(run);

        assertThat(result.succeeded()).as(describe(run, result)).isTrue();
        assertThat(ws.outputDir().resolve("forbidden.txt")).doesNotExist();
        assertThat(ws.outputDir().resolve("notes.md")).hasContent("allowed");
        assertThat(events.finished).extracting(RecordingEvents.ToolFinish::tool, RecordingEvents.ToolFinish::succeeded)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Bash", false), org.assertj.core.groups.Tuple.tuple("Write", true));
        assertThat(events.finished.get(0).detail()).startsWith("permission_denied: tool Bash is not in");
        assertThat(run.resultLine().orElseThrow().get("permission_denials")).hasSize(1);
        assertThat(events.observed).contains("permission_denied", "session_summary");
        // the model was told: the tool result of the denied call carries our reason
        assertThat(model.requests().messages().get(1).body().toString()).contains("permission_denied: tool Bash");
    }

    @Test
    void anAgentThatRewritesItsHookSettingsStillHasItsNextToolReported() throws Exception {
        ClaudeCodeRuntime runtime = runtime("""
                [{"content": [{"type": "tool_use", "name": "Bash", "input": {"command": "echo '{\\"disableAllHooks\\": true}' > .claude/settings.json", "description": "drop the hooks"}}]},
                 {"content": [{"type": "tool_use", "name": "Write", "input": {"file_path": "{cwd}/artifacts/output/after.md", "content": "after\\n"}}]},
                 {"content": [{"type": "text", "text": "done"}]}]""", Map.of());
        Workspace ws = workspace(Map.of());
        RecordingEvents events = new RecordingEvents();

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("rewrite hooks", List.of()), ws, events);
        AgentResult result = finish(run);

        assertThat(result.succeeded()).as(describe(run, result)).isTrue();
        assertThat(Files.readString(ws.root().resolve(".claude/settings.json"))).contains("disableAllHooks");
        assertThat(events.started).extracting(RecordingEvents.ToolStart::tool).containsExactly("Bash", "Write");
        assertThat(events.finished).extracting(RecordingEvents.ToolFinish::tool).containsExactly("Bash", "Write");
    }

    @Test
    void stopMidToolLeavesNoProcessOfTheTreeAndNoSuccess() throws Exception {
        ClaudeCodeRuntime runtime = runtime("""
                [{"content": [{"type": "tool_use", "name": "Bash", "input": {"command": "tail -f /dev/null", "description": "a step that never ends"}}]},
                 {"content": [{"type": "text", "text": "never reached"}]}]""", Map.of());
        Workspace ws = workspace(Map.of());
        RecordingEvents events = new RecordingEvents();

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("sleep", List.of()), ws, events);
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (events.started.isEmpty() && System.nanoTime() < deadline && run.pids().size() > 0) {
            Thread.sleep(50);
        }
        assertThat(events.started).as("the Bash tool started; %s", run.resultLine()).hasSize(1);
        Thread.sleep(500); // let the tool's process start
        Set<Long> tree = run.pids();
        assertThat(tree).as("bwrap, claude and the tool's shell and sleep").hasSizeGreaterThanOrEqualTo(3);

        long start = System.nanoTime();
        run.stop(Duration.ofSeconds(2));
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(run.pids()).isEmpty();
        assertThat(tree).allSatisfy(pid -> assertThat(running(pid)).as("pid %d: %s", pid, commandOf(pid)).isFalse());
        AgentResult result = run.await(Duration.ofSeconds(1)).orElseThrow();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).startsWith("stopped");
        // SIGINT during a tool: the CLI exits without a result line, so the tokens are what the proxy saw
        assertThat(result.tokens()).isEqualTo(events.usageTotal());
        assertThat(result.tokens().total()).isPositive();
        assertThat(stopMillis).as("SIGINT ends the CLI well within the grace").isLessThan(4_000);
        System.out.printf("stop: %d ms, result: %s%n", stopMillis, result.error());
    }

    @Test
    void stopDuringAModelCallLetsTheCliWriteItsInterruptedResult() throws Exception {
        ClaudeCodeRuntime runtime = runtime("""
                [{"content": [{"type": "text", "text": "a slow answer that streams for many seconds, word by word, until the run is stopped"}],
                  "chunk_delay_ms": 400}]""", Map.of());
        Workspace ws = workspace(Map.of());

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("answer slowly", List.of()), ws, new RecordingEvents());
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (model.requests().messages().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1_000); // well into the stream
        long start = System.nanoTime();
        run.stop(Duration.ofSeconds(3));
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        AgentResult result = run.await(Duration.ofSeconds(1)).orElseThrow();
        assertThat(result.succeeded()).isFalse();
        // the CLI usually writes an interrupted result on SIGINT mid-stream, but not always (seen under load): either
        // way the run is a stopped failure and nothing of it keeps running
        run.resultLine().ifPresent(line -> assertThat(line.get("is_error").asBoolean()).isTrue());
        if (run.resultLine().isEmpty()) {
            assertThat(result.error()).contains("without a result line");
        }
        assertThat(result.error()).startsWith("stopped");
        assertThat(run.pids()).isEmpty();
        System.out.printf("stop mid-stream: %d ms, result: %s, result line %s%n", stopMillis, result.error(),
                run.resultLine().map(l -> l.get("terminal_reason")).orElse(null));
    }

    @Test
    void overloadedAnswersAreRetriedByTheCliThenTheRunSucceeds() throws Exception {
        ClaudeCodeRuntime runtime = runtime("""
                [{"fault": "http", "status": 529, "retry_after": 0, "times": 2},
                 {"content": [{"type": "text", "text": "made it"}]}]""", Map.of("CLAUDE_CODE_MAX_RETRIES", "3"));
        Workspace ws = workspace(Map.of());

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("say something", List.of()), ws, new RecordingEvents());
        AgentResult result = finish(run);

        assertThat(result.succeeded()).as(describe(run, result)).isTrue();
        assertThat(run.apiRetries()).isEqualTo(2);
        assertThat(run.modelCalls()).isEqualTo(3);
        assertThat(model.requests().messages()).hasSize(3);
    }

    @Test
    void overloadedBeyondTheRetryBudgetIsAClearFailure() throws Exception {
        ClaudeCodeRuntime runtime = runtime("""
                [{"fault": "http", "status": 529, "retry_after": 0, "times": 5},
                 {"content": [{"type": "text", "text": "never reached"}]}]""", Map.of("CLAUDE_CODE_MAX_RETRIES", "1"));
        Workspace ws = workspace(Map.of());

        ClaudeCodeRun run = (ClaudeCodeRun) runtime.start(task("say something", List.of()), ws, new RecordingEvents());
        AgentResult result = finish(run);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("api_error").contains("529");
        assertThat(run.apiRetries()).isEqualTo(1);
        assertThat(model.requests().messages()).hasSize(2);
    }

    /** The pids running the claude executable (the hook's sh and curl come and go). */
    private static Set<Long> claudeProcesses(Set<Long> pids) {
        Set<Long> claude = new HashSet<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).flatMap(handle -> handle.info().command())
                    .filter(command -> Path.of(command).getFileName().toString().startsWith("claude"))
                    .ifPresent(command -> claude.add(pid));
        }
        return claude;
    }

    /** Alive and not a zombie (a zombie has exited; only its parent's reaping is left). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone
        }
    }

    private static String commandOf(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine()).orElse("?");
    }

    private static void assertNoFileContains(Path root, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as("file %s", file).doesNotContain(new String(needle, StandardCharsets.ISO_8859_1));
            }
        }
    }
}
