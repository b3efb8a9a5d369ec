package io.syntropic137.agents.claude;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the {@code claude-code} runtime runs the CLI and reaches the model.
 *
 * @param claudeExecutable the {@code claude} CLI (see {@link #findOnPath})
 * @param hookClient       {@code curl}, which the hooks run inside the sandbox to reach our hook socket (it needs
 *                         {@code --unix-socket}); read from the host's read-only root
 * @param upstreamBaseUrl  where the model proxy forwards Messages API calls, e.g. {@code https://api.anthropic.com}
 *                         or a model server's {@code http://127.0.0.1:<port>/s/<script>}; the request path is appended
 * @param apiKey           the real API key, asked for on every forwarded call; it stays in this process: the agent
 *                         only ever sees a per-run placeholder. Never logged, never in events
 * @param socketDirectory  where the per-run Unix sockets are created (keep the path short: socket paths are limited
 *                         to 107 bytes); each socket is bound into the sandbox at the same path
 * @param defaultModel     the model for tasks that name none; null for the CLI's own default
 * @param cliEnvironment   more variables for the CLI (e.g. {@code CLAUDE_CODE_MAX_RETRIES}); never put secrets here
 */
public record ClaudeCodeSettings(Path claudeExecutable, Path hookClient, URI upstreamBaseUrl, Supplier<String> apiKey,
                                 Path socketDirectory, String defaultModel, Map<String, String> cliEnvironment) {

    public ClaudeCodeSettings {
        Objects.requireNonNull(claudeExecutable, "claudeExecutable");
        Objects.requireNonNull(hookClient, "hookClient");
        Objects.requireNonNull(upstreamBaseUrl, "upstreamBaseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        socketDirectory = Objects.requireNonNull(socketDirectory, "socketDirectory").toAbsolutePath().normalize();
        cliEnvironment = cliEnvironment == null ? Map.of() : Map.copyOf(cliEnvironment);
    }

    /**
     * Settings with {@code claude} and {@code curl} found on the PATH.
     *
     * @throws IllegalStateException naming {@code scripts/setup-test-env} when either is missing
     */
    public static ClaudeCodeSettings onPath(URI upstreamBaseUrl, Supplier<String> apiKey, Path socketDirectory,
                                            String defaultModel) {
        return new ClaudeCodeSettings(require("claude"), require("curl"), upstreamBaseUrl, apiKey, socketDirectory,
                defaultModel, Map.of());
    }

    public ClaudeCodeSettings withCliEnvironment(Map<String, String> environment) {
        return new ClaudeCodeSettings(claudeExecutable, hookClient, upstreamBaseUrl, apiKey, socketDirectory,
                defaultModel, environment);
    }

    /** The first executable of that name on this process's PATH. */
    public static Optional<Path> findOnPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static Path require(String name) {
        return findOnPath(name).orElseThrow(() -> new IllegalStateException("`" + name
                + "` is not on the PATH; the claude-code runtime needs it (run scripts/setup-test-env, which installs"
                + " the pinned Claude Code CLI and curl)"));
    }

    @Override
    public String toString() {
        // the record's default would print the supplier; say plainly that no key is shown
        return "ClaudeCodeSettings[claude=" + claudeExecutable + ", hookClient=" + hookClient + ", upstream="
                + upstreamBaseUrl + ", apiKey=<hidden>, socketDirectory=" + socketDirectory + ", defaultModel="
                + defaultModel + ", cliEnvironment=" + cliEnvironment.keySet() + "]";
    }
}
