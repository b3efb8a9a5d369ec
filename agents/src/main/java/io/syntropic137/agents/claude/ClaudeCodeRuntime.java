package io.syntropic137.agents.claude;

import io.syntropic137.agents.StreamTail;
import io.syntropic137.engine.port.AgentEvents;
import io.syntropic137.engine.port.AgentRun;
import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.port.AgentTask;
import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.SandboxedProcess;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.observability.claude.AgentContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code claude-code} runtime: the real Claude Code CLI in print mode inside the phase's workspace, the rendered
 * prompt on stdin, {@code --output-format stream-json --verbose} on stdout.
 *
 * <p>Per run it starts two Unix-socket servers in this process, both bound into the sandbox (which has no network):
 * the {@link ModelProxy} (the CLI's {@code ANTHROPIC_UNIX_SOCKET}; adds the real key, yields after each model call,
 * reports usage) and the {@link HookServer} (tool events, the allow-list, yields after each tool call), which the
 * hooks in the workspace's {@code .claude/settings.json} call through {@code curl}, and so do the git hooks that
 * report the agent's commits and pushes ({@link GitHookScripts}). The CLI's environment is built
 * from scratch: it holds a per-run placeholder key, never the real one, and no server secret.
 *
 * <p>Permissions: the CLI runs with {@code --dangerously-skip-permissions}, because in print mode nobody can answer
 * a permission prompt; the sandbox bounds what tools can touch and the PreToolUse hook enforces the task's allowed
 * tools. {@code IS_SANDBOX=1} lets the CLI accept that flag when its uid is root (a local, non-isolating workspace
 * run by root; in bubblewrap the uid is 1000).
 */
public final class ClaudeCodeRuntime implements AgentRuntime {
    public static final String NAME = "claude-code";
    private static final int STDERR_TAIL = 4_000;
    /** Inside the workspace: the CLI's HOME, with its config dir (transcripts, state) below it. */
    static final Path HOME = Path.of(".claude-home");

    private final ClaudeCodeSettings settings;

    public ClaudeCodeRuntime(ClaudeCodeSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AgentRun start(AgentTask task, Workspace workspace, AgentEvents events) throws IOException {
        Files.createDirectories(settings.socketDirectory());
        // short names: a Unix socket path may not exceed 107 bytes
        String runId = UUID.randomUUID().toString().substring(0, 12);
        String placeholderKey = "syn-placeholder-" + UUID.randomUUID();
        ModelProxy proxy = null;
        HookServer hooks = null;
        try {
            proxy = ModelProxy.start(settings.socketDirectory().resolve(runId + ".m"), settings.upstreamBaseUrl(),
                    settings.apiKey(), placeholderKey, events);
            hooks = HookServer.start(settings.socketDirectory().resolve(runId + ".h"), task.allowedTools(), events);
            HookSettingsFile.write(workspace.root(), settings.hookClient(), hooks.socket());
            Path gitHooks = GitHookScripts.install(workspace.root(), settings.hookClient(), hooks.socket());
            Path home = Files.createDirectories(workspace.root().resolve(HOME));
            Files.createDirectories(home.resolve("config"));
            Map<String, String> env = environment(home, proxy.socket(), placeholderKey);
            env.putAll(GitHookScripts.environment(gitHooks, env));
            ProcessSpec spec = new ProcessSpec(command(task), env, Path.of(""), List.of(proxy.socket(), hooks.socket()));
            SandboxedProcess process = workspace.start(spec);
            Thread.ofVirtual().name("claude-stdin").start(() -> writePrompt(process.stdin(), task.prompt()));
            StreamJsonReader stdout = StreamJsonReader.start(process.stdout(),
                    new AgentContext(task.executionId(), task.phaseId(), null),
                    event -> events.observed(event.type(), event.toolUseId(), event.dataJson(), event.time()));
            StreamTail stderr = StreamTail.drain(process.stderr(), STDERR_TAIL);
            return new ClaudeCodeRun(process, stdout, stderr, proxy, hooks);
        } catch (IOException | RuntimeException e) {
            closeQuietly(proxy, e);
            closeQuietly(hooks, e);
            throw e;
        }
    }

    List<String> command(AgentTask task) {
        List<String> argv = new ArrayList<>(List.of(settings.claudeExecutable().toString(), "-p",
                "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions"));
        String model = task.model() != null ? task.model() : settings.defaultModel();
        if (model != null && !model.isBlank()) {
            argv.addAll(List.of("--model", model));
        }
        if (!task.allowedTools().isEmpty()) {
            argv.addAll(List.of("--allowedTools", String.join(",", task.allowedTools())));
        }
        if (task.maxTurns() != null) {
            argv.addAll(List.of("--max-turns", Integer.toString(task.maxTurns())));
        }
        return argv;
    }

    Map<String, String> environment(Path home, Path modelSocket, String placeholderKey) {
        Map<String, String> env = new HashMap<>(settings.cliEnvironment());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("CLAUDE_CONFIG_DIR", home.resolve("config").toString());
        env.put("LANG", "C.UTF-8");
        env.put("ANTHROPIC_UNIX_SOCKET", modelSocket.toString());
        env.put("ANTHROPIC_BASE_URL", "http://localhost"); // the host part is not used over the socket
        env.put("ANTHROPIC_API_KEY", placeholderKey); // the CLI refuses to start without a key; the proxy swaps it
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"); // one kind of call only: the Messages API
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("IS_SANDBOX", "1");
        return env;
    }

    private static void writePrompt(OutputStream stdin, String prompt) {
        try (stdin) {
            stdin.write(prompt.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the CLI exited before reading its prompt: its exit code and stderr tell why, in the result
        }
    }

    private static void closeQuietly(AutoCloseable closeable, Exception cause) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
