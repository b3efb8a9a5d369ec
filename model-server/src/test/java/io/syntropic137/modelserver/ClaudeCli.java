package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Test helper: runs the real Claude Code CLI headless ({@code -p --output-format stream-json --verbose}) against
 * a model server, with an environment that keeps it offline and isolated (its own HOME and config dir, no
 * inherited Anthropic or proxy settings).
 */
final class ClaudeCli {

    static final String PINNED_VERSION = "2.1.331";
    static final String API_KEY = "sk-test-model-server";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One finished run: exit code, every stdout line as JSON, stderr, wall time. */
    record Run(int exitCode, List<JsonNode> lines, String stderr, long millis) {

        JsonNode result() {
            return lines.stream().filter(line -> line.path("type").asText().equals("result")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no result line; exit " + exitCode + "\nstdout: " + lines + "\nstderr: " + stderr));
        }

        List<JsonNode> system(String subtype) {
            return lines.stream().filter(line -> line.path("type").asText().equals("system")
                    && line.path("subtype").asText().equals(subtype)).toList();
        }

        /** The tool_result blocks the CLI reported back, in order. */
        List<JsonNode> toolResults() {
            List<JsonNode> results = new ArrayList<>();
            for (JsonNode line : lines) {
                if (!line.path("type").asText().equals("user")) continue;
                for (JsonNode block : line.path("message").path("content")) {
                    if (block.path("type").asText().equals("tool_result")) results.add(block);
                }
            }
            return results;
        }

        String describe() {
            return "exit " + exitCode + " after " + millis + " ms\nstdout:\n" + lines + "\nstderr:\n" + stderr;
        }
    }

    private ClaudeCli() {
    }

    /** The {@code claude} executable on the PATH; a missing or wrong CLI fails the test, naming the setup script. */
    static Path executable() {
        return executable(Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    static Path executable(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "claude");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        return fail("the Claude Code CLI (claude) is not on the PATH; run scripts/setup-test-env, which installs "
                + "@anthropic-ai/claude-code@" + PINNED_VERSION);
    }

    static void requirePinnedVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable().toString(), "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS) || !output.startsWith(PINNED_VERSION + " ")) {
            process.destroyForcibly();
            fail("claude --version says \"" + output + "\", the tests need " + PINNED_VERSION
                    + "; run scripts/setup-test-env to install the pinned version");
        }
    }

    /**
     * Runs {@code claude -p prompt} in {@code workDir}.
     *
     * @param env what to add or override (e.g. ANTHROPIC_BASE_URL, CLAUDE_CODE_MAX_RETRIES)
     */
    static Run run(Path workDir, Path home, Map<String, String> env, String prompt, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable().toString(), "-p", prompt,
                "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions"));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("ANTHROPIC_") || name.startsWith("CLAUDE")
                || name.toLowerCase().endsWith("_proxy"));
        Map<String, String> defaults = new HashMap<>();
        defaults.put("HOME", home.toString());
        defaults.put("CLAUDE_CONFIG_DIR", home.resolve(".claude-config").toString());
        defaults.put("ANTHROPIC_API_KEY", API_KEY);
        defaults.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"); // no DNS, no probes: one connection to us
        defaults.put("DISABLE_TELEMETRY", "1");
        defaults.put("DISABLE_AUTOUPDATER", "1");
        defaults.put("IS_SANDBOX", "1"); // lets --dangerously-skip-permissions run as root (CI containers)
        defaults.put("CLAUDE_CODE_MAX_RETRIES", "1"); // the default of 10 backs off for minutes
        environment.putAll(defaults);
        environment.putAll(env);

        Path stderr = Files.createTempFile(home, "claude-stderr", ".txt");
        builder.redirectError(stderr.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        var stdout = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                stdout.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stdout.completeExceptionally(e);
            }
        });
        if (!process.waitFor(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("claude did not finish within 60 s; stderr: " + Files.readString(stderr));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String out;
        try {
            out = stdout.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("reading claude's stdout failed", e);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            try {
                lines.add(MAPPER.readTree(line));
            } catch (IOException e) {
                fail("claude printed a line that is not JSON: " + line);
            }
        }
        return new Run(process.exitValue(), lines, Files.readString(stderr), millis);
    }
}
