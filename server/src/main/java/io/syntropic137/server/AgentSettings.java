package io.syntropic137.server;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * How agents reach a model, read from the environment:
 * {@code SYN_CLAUDE_CODE} = auto (default: the {@code claude-code} runtime when {@code claude} and {@code curl} are on
 * the PATH) | on | off; {@code SYN_MODEL_UPSTREAM} = the Messages API base URL (default
 * {@code https://api.anthropic.com}) or {@code offline} (the built-in scripted model: no network, no key);
 * the API key from {@code ANTHROPIC_API_KEY} or a secrets file {@code SYN_SECRETS_FILE} (Java properties with
 * {@code ANTHROPIC_API_KEY=...}) that only its owner may read. The key goes only to the model proxy.
 * {@code SYN_CLAUDE_CODE_MAX_RETRIES} (optional, 0..100) is passed to the CLI as {@code CLAUDE_CODE_MAX_RETRIES}: how
 * often it retries a failed model call (429, 5xx, 529 overloaded) before the run fails; unset leaves the CLI's default.
 */
record AgentSettings(String claudeCode, String upstream, Path secretsFile, String environmentKey, Integer maxRetries) {
    static final String OFFLINE = "offline";

    static AgentSettings defaults() {
        return new AgentSettings("auto", "https://api.anthropic.com", null, null, null);
    }

    /** Variables added to the CLI's environment (no secrets). */
    Map<String, String> cliEnvironment() {
        return maxRetries == null ? Map.of() : Map.of("CLAUDE_CODE_MAX_RETRIES", Integer.toString(maxRetries));
    }

    static AgentSettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String claude = env.getOrDefault("SYN_CLAUDE_CODE", "auto").strip().toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "on", "off").contains(claude)) {
            problems.add("SYN_CLAUDE_CODE=" + env.get("SYN_CLAUDE_CODE") + " must be auto, on or off");
        }
        String upstream = env.getOrDefault("SYN_MODEL_UPSTREAM", "https://api.anthropic.com").strip();
        if (!upstream.equals(OFFLINE)) {
            try {
                URI uri = URI.create(upstream);
                if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
                    problems.add("SYN_MODEL_UPSTREAM=" + upstream + " must be an http(s) URL of a Messages API, or offline");
                }
            } catch (IllegalArgumentException e) {
                problems.add("SYN_MODEL_UPSTREAM=" + upstream + " is not a URL: " + e.getMessage());
            }
        }
        Path secrets = null;
        String secretsText = env.get("SYN_SECRETS_FILE");
        if (secretsText != null && !secretsText.isBlank()) {
            secrets = Path.of(secretsText.strip());
            String problem = secretsFileProblem(secrets);
            if (problem != null) {
                problems.add("SYN_SECRETS_FILE=" + secrets + " " + problem);
            }
        }
        Integer maxRetries = null;
        String retriesText = env.get("SYN_CLAUDE_CODE_MAX_RETRIES");
        if (retriesText != null && !retriesText.isBlank()) {
            try {
                maxRetries = Integer.parseInt(retriesText.strip());
                if (maxRetries < 0 || maxRetries > 100) {
                    problems.add("SYN_CLAUDE_CODE_MAX_RETRIES=" + retriesText + " must be between 0 and 100");
                }
            } catch (NumberFormatException e) {
                problems.add("SYN_CLAUDE_CODE_MAX_RETRIES=" + retriesText + " is not a whole number");
            }
        }
        if (!problems.isEmpty()) {
            throw new ServerConfig.InvalidConfigException(problems);
        }
        String key = env.get("ANTHROPIC_API_KEY");
        return new AgentSettings(claude, upstream, secrets, key == null || key.isBlank() ? null : key, maxRetries);
    }

    boolean offline() {
        return OFFLINE.equals(upstream);
    }

    /** The API key, read when needed (a rotated secrets file takes effect without a restart); null if none is set. */
    String apiKey() {
        if (offline()) {
            return "offline";
        }
        if (environmentKey != null) {
            return environmentKey;
        }
        if (secretsFile == null) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(secretsFile)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("the secrets file " + secretsFile + " cannot be read: " + e.getMessage(), e);
        }
        String key = properties.getProperty("ANTHROPIC_API_KEY");
        return key == null || key.isBlank() ? null : key.strip();
    }

    private static String secretsFileProblem(Path file) {
        if (!Files.isRegularFile(file)) {
            return "is not a file";
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : permissions) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    return "may be read by others (" + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                            + "); allow only its owner: chmod 600 " + file;
                }
            }
        } catch (UnsupportedOperationException e) {
            return "is on a file system without POSIX permissions, so its privacy cannot be checked";
        } catch (IOException e) {
            return "cannot be checked: " + e.getMessage();
        }
        return null;
    }
}
