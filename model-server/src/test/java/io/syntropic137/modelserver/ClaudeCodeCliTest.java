package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Claude Code CLI (pinned, installed by scripts/setup-test-env) against our server, fully offline:
 * the scripted tools really run, and what the CLI sent and reported is checked on both sides.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClaudeCodeCliTest {

    private static final String MODEL = "claude-scripted-test";

    private final ScriptParser parser = new ScriptParser();

    @TempDir
    Path home;
    @TempDir
    Path workspace;

    @BeforeAll
    static void theClaudeCliIsInstalled() throws Exception {
        ClaudeCli.requirePinnedVersion();
    }

    @Test
    void theDemoScriptWritesAFileRunsBashAndTheResultCarriesTheScriptedUsage() throws Exception {
        try (ModelServer server = ModelServer.builder().script("demo", parser.parseResource(ModelServerMain.DEMO_SCRIPT)).tcpPort(0).start()) {
            ClaudeCli.Run run = ClaudeCli.run(workspace, home, Map.of("ANTHROPIC_BASE_URL", server.baseUrl("demo")),
                    "create hello.txt and show it", "--model", MODEL);

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(workspace.resolve("hello.txt")).hasContent("hello from the scripted model\n");
            assertThat(run.toolResults()).hasSize(2);
            assertThat(run.toolResults().get(1).get("content").asText()).isEqualTo("hello from the scripted model");
            JsonNode result = run.result();
            assertThat(result.get("is_error").asBoolean()).isFalse();
            assertThat(result.get("num_turns").asInt()).isEqualTo(3);
            assertThat(result.get("result").asText()).isEqualTo("Done: hello.txt says \"hello from the scripted model\".");
            // the script's figures summed over its three replies
            assertThat(result.at("/usage/input_tokens").asLong()).isEqualTo(12 + 8 + 5);
            assertThat(result.at("/usage/output_tokens").asLong()).isEqualTo(40 + 30 + 20);
            assertThat(result.at("/usage/cache_creation_input_tokens").asLong()).isEqualTo(1200 + 100 + 50);
            assertThat(result.at("/usage/cache_read_input_tokens").asLong()).isEqualTo(0 + 1200 + 1300);

            List<RecordedRequest> requests = server.requests().all();
            assertThat(requests).as("with nonessential traffic off the CLI only calls the Messages API").hasSize(3)
                    .allSatisfy(request -> {
                        assertThat(request.path()).isEqualTo("/s/demo/v1/messages");
                        assertThat(request.body().get("model").asText()).isEqualTo(MODEL);
                        assertThat(request.body().get("stream").asBoolean()).isTrue();
                        assertThat(request.secretMatches("x-api-key", ClaudeCli.API_KEY)).isTrue();
                    });
            assertThat(new ConversationView(requests.get(1).body()).lastUserText()).contains("File created successfully");
            assertThat(new ConversationView(requests.get(2).body()).lastUserText()).contains("hello from the scripted model");
        }
    }

    @Test
    void overloadedTwiceIsRetriedThenTheRunSucceeds() throws Exception {
        Script script = parser.parse("overloaded-twice.json", """
                [{"fault": "http", "status": 529, "retry_after": 0, "times": 2},
                 {"content": [{"type": "text", "text": "made it"}]}]""");
        try (ModelServer server = ModelServer.builder().script(script).tcpPort(0).start()) {
            ClaudeCli.Run run = ClaudeCli.run(workspace, home,
                    Map.of("ANTHROPIC_BASE_URL", server.baseUrl(), "CLAUDE_CODE_MAX_RETRIES", "3"), "say something");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.system("api_retry")).hasSize(2)
                    .allSatisfy(retry -> assertThat(retry.get("error_status").asInt()).isEqualTo(529));
            assertThat(run.result().get("is_error").asBoolean()).isFalse();
            assertThat(run.result().get("result").asText()).isEqualTo("made it");
            assertThat(server.requests().messages()).hasSize(3);
        }
    }

    @Test
    void overloadedBeyondTheRetryBudgetEndsInAClearErrorResult() throws Exception {
        Script script = parser.parse("overloaded.json", """
                [{"fault": "http", "status": 529, "retry_after": 0, "times": 5},
                 {"content": [{"type": "text", "text": "never reached"}]}]""");
        try (ModelServer server = ModelServer.builder().script(script).tcpPort(0).start()) {
            ClaudeCli.Run run = ClaudeCli.run(workspace, home,
                    Map.of("ANTHROPIC_BASE_URL", server.baseUrl(), "CLAUDE_CODE_MAX_RETRIES", "1"), "say something");

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            JsonNode result = run.result();
            assertThat(result.get("is_error").asBoolean()).isTrue();
            assertThat(result.get("api_error_status").asInt()).isEqualTo(529);
            assertThat(result.get("result").asText()).contains("529");
            assertThat(server.requests().messages()).hasSize(2); // the first try and one retry
        }
    }

    @Test
    void aDroppedStreamIsRecoveredFrom() throws Exception {
        Script script = parser.parse("dropped.json", """
                [{"fault": "drop", "after_events": 4},
                 {"content": [{"type": "text", "text": "the whole answer"}]}]""");
        try (ModelServer server = ModelServer.builder().script(script).tcpPort(0).start()) {
            ClaudeCli.Run run = ClaudeCli.run(workspace, home, Map.of("ANTHROPIC_BASE_URL", server.baseUrl()), "answer");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.result().get("is_error").asBoolean()).isFalse();
            assertThat(run.result().get("result").asText()).endsWith("the whole answer");
            assertThat(server.requests().messages()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aStreamThatStallsThenDropsIsRecoveredFrom() throws Exception {
        Script script = parser.parse("stalled.json", """
                [{"fault": "stall", "after_events": 4, "stall_ms": 500},
                 {"content": [{"type": "text", "text": "the whole answer"}]}]""");
        try (ModelServer server = ModelServer.builder().script(script).tcpPort(0).start()) {
            ClaudeCli.Run run = ClaudeCli.run(workspace, home, Map.of("ANTHROPIC_BASE_URL", server.baseUrl()), "answer");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.result().get("result").asText()).endsWith("the whole answer");
            assertThat(run.millis()).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void overAUnixSocketNamedByAnthropicUnixSocket() throws Exception {
        Path socket = Files.createTempDirectory(home, "api").resolve("api.sock");
        try (ModelServer server = ModelServer.builder().script(parser.parseResource(ModelServerMain.DEMO_SCRIPT)).unixSocket(socket).start()) {
            ClaudeCli.Run run = ClaudeCli.run(workspace, home,
                    Map.of("ANTHROPIC_UNIX_SOCKET", socket.toString(), "ANTHROPIC_BASE_URL", "http://localhost"), "create hello.txt");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(workspace.resolve("hello.txt")).exists();
            assertThat(server.requests().messages()).hasSize(3).allSatisfy(r -> assertThat(r.transport()).isEqualTo("unix"));
        }
    }

    @Test
    void throughTheTcpToUnixForwarderForClientsThatOnlySpeakTcp() throws Exception {
        Path socket = Files.createTempDirectory(home, "api").resolve("api.sock");
        try (ModelServer server = ModelServer.builder().script(parser.parseResource(ModelServerMain.DEMO_SCRIPT)).unixSocket(socket).start();
             TcpToUnixForwarder forwarder = TcpToUnixForwarder.start(0, socket)) {
            ClaudeCli.Run run = ClaudeCli.run(workspace, home,
                    Map.of("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + forwarder.port()), "create hello.txt");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(workspace.resolve("hello.txt")).exists();
            assertThat(server.requests().messages()).hasSize(3).allSatisfy(r -> assertThat(r.transport()).isEqualTo("unix"));
        }
    }

    @Test
    void parallelAgentsSharingOneScriptEachWalkThroughItOnTheirOwn() throws Exception {
        int agents = 4;
        try (ModelServer server = ModelServer.builder().script(parser.parseResource(ModelServerMain.DEMO_SCRIPT)).tcpPort(0).start();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Path> workspaces = new ArrayList<>();
            List<Future<ClaudeCli.Run>> runs = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                Path dir = Files.createDirectory(workspace.resolve("agent-" + i));
                Path agentHome = Files.createDirectory(home.resolve("home-" + i));
                workspaces.add(dir);
                Callable<ClaudeCli.Run> agent = () -> ClaudeCli.run(dir, agentHome, Map.of("ANTHROPIC_BASE_URL", server.baseUrl()), "create hello.txt");
                runs.add(pool.submit(agent));
            }

            for (int i = 0; i < agents; i++) {
                ClaudeCli.Run run = runs.get(i).get();
                assertThat(run.exitCode()).as(run.describe()).isZero();
                assertThat(run.result().get("num_turns").asInt()).isEqualTo(3);
                assertThat(workspaces.get(i).resolve("hello.txt")).hasContent("hello from the scripted model\n");
            }
            assertThat(server.requests().messages()).hasSize(3 * agents);
            assertThat(server.requests().messages().stream().map(r -> r.header(MessagesApi.SESSION_HEADER).orElseThrow()).distinct())
                    .hasSize(agents);
        }
    }
}
