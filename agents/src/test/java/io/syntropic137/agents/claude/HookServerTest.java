package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.domain.orchestration.YieldPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The hook commands exactly as written into {@code .claude/settings.json}, run by {@code sh -c} with a payload on
 * stdin the way the CLI runs them, against a real {@link HookServer}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HookServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Path dir;
    private Path curl;
    private HookServer server;
    private final RecordingEvents events = new RecordingEvents();

    @BeforeEach
    void start() throws IOException {
        curl = ClaudeCodeSettings.findOnPath("curl").orElseGet(() -> fail("curl is not on the PATH; run scripts/setup-test-env"));
        dir = Files.createDirectories(Path.of("target", "hk", UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }

    private record HookRun(int exit, String stdout, String stderr, long millis) {
    }

    private HookRun hook(String event, String payload) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder("sh", "-c", HookSettingsFile.command(curl, server.socket(), event)).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(payload.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the hook command ends").isTrue();
        return new HookRun(process.exitValue(), stdout.get(), stderr.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String toolPayload(String event, String tool, String id) {
        return "{\"hook_event_name\":\"" + event + "\",\"tool_name\":\"" + tool + "\",\"tool_use_id\":\"" + id
                + "\",\"tool_input\":{\"command\":\"ls\"},\"tool_response\":{\"stdout\":\"ok\"}}";
    }

    @Test
    void aToolOutsideTheAllowListIsDeniedWithAReasonAndAnAllowedOneStarts() throws Exception {
        server = HookServer.start(dir.resolve("h"), List.of("Write", "Bash(git diff:*)"), events);

        HookRun denied = hook("PreToolUse", toolPayload("PreToolUse", "Read", "toolu_1"));
        HookRun allowed = hook("PreToolUse", toolPayload("PreToolUse", "Bash", "toolu_2"));

        assertThat(denied.exit()).isZero();
        JsonNode decision = MAPPER.readTree(denied.stdout()).path("hookSpecificOutput");
        assertThat(decision.path("permissionDecision").asText()).isEqualTo("deny");
        assertThat(decision.path("permissionDecisionReason").asText()).startsWith("permission_denied: tool Read");
        assertThat(allowed.exit()).isZero();
        assertThat(MAPPER.readTree(allowed.stdout()).path("hookSpecificOutput").isMissingNode()).isTrue();
        assertThat(events.started).extracting(RecordingEvents.ToolStart::toolUseId).containsExactly("toolu_1", "toolu_2");
        assertThat(events.finished).singleElement().satisfies(finished -> {
            assertThat(finished.toolUseId()).isEqualTo("toolu_1");
            assertThat(finished.succeeded()).isFalse();
        });
    }

    @Test
    void postToolUseReportsTheToolAndBlocksWhileTheYieldPointHolds() throws Exception {
        server = HookServer.start(dir.resolve("h"), List.of(), events.holdAt(YieldPoint.AFTER_TOOL_EXECUTION, 1));

        CompletableFuture<HookRun> post = CompletableFuture.supplyAsync(() -> {
            try {
                return hook("PostToolUse", toolPayload("PostToolUse", "Bash", "toolu_9"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(events.awaitHeld(Duration.ofSeconds(10))).isTrue();
        Thread.sleep(700);
        assertThat(post).as("the hook waits while held").isNotDone();
        events.release();
        HookRun run = post.get(10, TimeUnit.SECONDS);

        assertThat(run.exit()).isZero();
        assertThat(events.finished).singleElement().satisfies(finished -> {
            assertThat(finished.succeeded()).isTrue();
            assertThat(finished.detail()).contains("ok");
        });
        assertThat(run.millis()).isGreaterThanOrEqualTo(700);
    }

    @Test
    void anUnreachableHookServerRefusesTheToolAndAHookCallIsFast() throws Exception {
        server = HookServer.start(dir.resolve("h"), List.of(), events);
        long total = 0;
        int calls = 20;
        for (int i = 0; i < calls; i++) {
            HookRun run = hook("PreToolUse", toolPayload("PreToolUse", "Bash", "toolu_" + i));
            assertThat(run.exit()).isZero();
            total += run.millis();
        }
        System.out.printf("hook latency (sh + curl + server): %d ms average over %d calls%n", total / calls, calls);
        assertThat(total / calls).as("average ms per hook call").isLessThan(500);

        server.close();
        HookRun refused = hook("PreToolUse", toolPayload("PreToolUse", "Bash", "toolu_x"));
        assertThat(refused.exit()).as("exit 2 makes the CLI refuse the tool").isEqualTo(2);
        assertThat(refused.stderr()).contains("hook server is unreachable");
        server = null;
    }
}
