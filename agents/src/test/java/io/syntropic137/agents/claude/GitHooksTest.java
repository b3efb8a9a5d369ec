package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.domain.orchestration.NetworkAccess;
import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.SandboxedProcess;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import io.syntropic137.workspaces.BubblewrapWorkspaceProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The git hooks inside a real bubblewrap sandbox (no network): a repository in the workspace commits and pushes to
 * a bare remote, and the hooks reach a real {@link HookServer} over its bound Unix socket with curl.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GitHooksTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Path scratch;
    private Path socketDir;
    private Workspace workspace;
    private HookServer hooks;
    private Path curl;
    private final RecordingEvents events = new RecordingEvents();

    @BeforeEach
    void create() throws IOException {
        assertThat(BubblewrapWorkspaceProvider.unavailableReason())
                .as("bubblewrap must work on this machine (run scripts/setup-test-env)").isNull();
        curl = ClaudeCodeSettings.findOnPath("curl").orElseGet(() -> fail("curl is not on the PATH; run scripts/setup-test-env"));
        scratch = Files.createDirectories(Path.of("target", "gh", UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
        socketDir = Files.createTempDirectory("syn-g");
        BubblewrapWorkspaceProvider provider = new BubblewrapWorkspaceProvider(scratch.resolve("ws"), List.of());
        workspace = provider.create(new WorkspaceSpec("w" + UUID.randomUUID().toString().substring(0, 8), "exec-1", "phase-1",
                List.of(), "git hooks test", Map.of(), List.of(), Map.of(),
                new WorkspaceLimits(2000, 4096, 256, 120, NetworkAccess.NONE)), WorkspaceSteps.IGNORE);
        hooks = HookServer.start(socketDir.resolve("h"), List.of(), events);
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (hooks != null) {
            hooks.close();
        }
        if (workspace != null) {
            workspace.close();
        }
        for (Path dir : List.of(scratch, socketDir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    /** A shell script inside the sandbox with the environment the claude-code runtime gives its agent for git. */
    private Run sandboxed(String script) throws Exception {
        return sandboxed(script, hooks.socket());
    }

    private Run sandboxed(String script, Path socketTheHooksCall) throws Exception {
        Path hooksDir = GitHookScripts.install(workspace.root(), curl, socketTheHooksCall);
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", workspace.root().toString(),
                "LANG", "C.UTF-8", "GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "init.defaultBranch", "GIT_CONFIG_VALUE_0", "main"));
        env.putAll(GitHookScripts.environment(hooksDir, env));
        SandboxedProcess process = workspace.start(new ProcessSpec(List.of("sh", "-ec", script), env, Path.of(""),
                List.of(hooks.socket())));
        process.stdin().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.stdout()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.stderr()));
        assertThat(process.waitFor(Duration.ofSeconds(60))).as("the script ends").isTrue();
        return new Run(process.waitFor(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<JsonNode> observed(String type) {
        return events.observedEvents.stream().filter(e -> e.type().equals(type)).map(e -> {
            try {
                return MAPPER.readTree(e.dataJson());
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }).toList();
    }

    private static final String SETUP = """
            git init -q --bare remote.git
            git init -q repos/app
            cd repos/app
            git config user.email agent@example.invalid
            git config user.name agent
            git remote add origin "$PWD/../../remote.git"
            """;

    @Test
    void aCommitAndAPushInsideTheSandboxAreReportedWithShaBranchFilesAndRefs() throws Exception {
        Run run = sandboxed(SETUP + """
                printf 'hello\\n' > hello.txt
                mkdir -p 'src/with space'
                printf 'x\\n' > 'src/with space/a file.txt'
                git add -A
                git commit -q -m 'Add hello and a spaced file' -m 'The body is not the subject.'
                git push -q origin main
                git rev-parse HEAD
                """);
        assertThat(run.exit()).as(run.stderr()).isZero();
        String sha = run.stdout().strip();
        assertThat(sha).matches("[0-9a-f]{40}");

        assertThat(observed("git_commit")).singleElement().satisfies(commit -> {
            assertThat(commit.get("sha").asText()).isEqualTo(sha);
            assertThat(commit.get("branch").asText()).isEqualTo("main");
            assertThat(commit.get("subject").asText()).isEqualTo("Add hello and a spaced file");
            assertThat(commit.get("files_changed").asInt()).isEqualTo(2);
            assertThat(commit.get("files")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("hello.txt", "src/with space/a file.txt");
            assertThat(commit.get("repo").asText()).isEqualTo(workspace.root().resolve("repos/app").toString());
        });
        assertThat(observed("git_push")).singleElement().satisfies(push -> {
            assertThat(push.get("remote").asText()).isEqualTo("origin");
            assertThat(push.get("url").asText()).endsWith("remote.git");
            assertThat(push.get("refs")).singleElement().satisfies(ref -> {
                assertThat(ref.get("local_ref").asText()).isEqualTo("refs/heads/main");
                assertThat(ref.get("local_sha").asText()).isEqualTo(sha);
                assertThat(ref.get("remote_ref").asText()).isEqualTo("refs/heads/main");
                assertThat(ref.get("remote_sha").asText()).matches("0{40}");
            });
        });
        // the push really happened: the bare remote holds the commit
        Process remote = new ProcessBuilder("git", "--git-dir", workspace.root().resolve("remote.git").toString(),
                "rev-parse", "refs/heads/main").start();
        assertThat(new String(remote.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(sha);
    }

    @Test
    void theRepositorysOwnHooksStillRunAndTheirVerdictOnAPushCounts() throws Exception {
        Run run = sandboxed(SETUP + """
                printf '#!/bin/sh\\necho own-post-commit >> ../../own.log\\n' > .git/hooks/post-commit
                printf '#!/bin/sh\\ncat >> ../../own.log\\necho refusing >&2\\nexit 1\\n' > .git/hooks/pre-push
                chmod +x .git/hooks/post-commit .git/hooks/pre-push
                printf 'x\\n' > x.txt && git add x.txt && git commit -q -m one
                if git push -q origin main 2>/dev/null; then echo pushed; else echo refused; fi
                """);
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip()).as("the repository's pre-push refused the push").isEqualTo("refused");
        String own = Files.readString(workspace.root().resolve("own.log"));
        assertThat(own).contains("own-post-commit").contains("refs/heads/main ");
        assertThat(observed("git_commit")).hasSize(1);
        assertThat(observed("git_push")).hasSize(1);
    }

    @Test
    void aHookServerThatIsGoneFailsNeitherCommitNorPush() throws Exception {
        Run run = sandboxed(SETUP + """
                printf 'x\\n' > x.txt && git add x.txt && git commit -q -m one
                git push -q origin main
                echo done
                """, socketDir.resolve("gone"));
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip()).isEqualTo("done");
        assertThat(events.observedEvents).isEmpty();
    }

    @Test
    void credentialsInAPushUrlNeverReachTelemetry() {
        assertThat(HookServer.withoutCredentials("https://x-access-token:ghs_secret@github.com/o/r.git"))
                .isEqualTo("https://github.com/o/r.git");
        assertThat(HookServer.withoutCredentials("/work/remote.git")).isEqualTo("/work/remote.git");
        assertThat(HookServer.withoutCredentials("git@github.com:o/r.git")).isEqualTo("git@github.com:o/r.git");
    }

    @Test
    void existingGitConfigEntriesInTheEnvironmentAreKept() {
        Map<String, String> env = GitHookScripts.environment(Path.of("/w/.syn/git-hooks"), Map.of("GIT_CONFIG_COUNT", "2"));
        assertThat(env).containsEntry("GIT_CONFIG_COUNT", "3").containsEntry("GIT_CONFIG_KEY_2", "core.hooksPath")
                .containsEntry("GIT_CONFIG_VALUE_2", "/w/.syn/git-hooks");
    }
}
