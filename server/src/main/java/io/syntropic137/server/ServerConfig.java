package io.syntropic137.server;

import io.syntropic137.server.auth.AuthSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's settings, read from the environment and checked once at start. The embedded default needs
 * none: SQLite under the per-user data directory, listening on loopback port 8137, no API tokens required there.
 */
public record ServerConfig(String host, int port, Path dataDirectory, Optional<PostgresSettings> postgres, AuthSettings auth,
                           Optional<String> redisUrl, Optional<String> githubWebhookSecret) {

    public ServerConfig(String host, int port, Path dataDirectory, Optional<PostgresSettings> postgres, AuthSettings auth) {
        this(host, port, dataDirectory, postgres, auth, Optional.empty(), Optional.empty());
    }


    /** PostgreSQL parsed from {@code SYN_DATABASE_URL=postgresql://user:password@host:port/database}. */
    public record PostgresSettings(String jdbcUrl, String user, String password) {
    }

    /** Thrown with every problem found, each naming the setting and what it allows. */
    public static final class InvalidConfigException extends RuntimeException {
        private final List<String> problems;

        public InvalidConfigException(List<String> problems) {
            super("invalid configuration:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static final int DEFAULT_PORT = 8137;

    public static ServerConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String host = env.getOrDefault("SYN_HOST", "127.0.0.1").strip();
        if (host.isEmpty()) {
            problems.add("SYN_HOST is empty: give a host name or address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
        }
        int port = DEFAULT_PORT;
        String portText = env.get("SYN_PORT");
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.strip());
                if (port < 0 || port > 65535) {
                    problems.add("SYN_PORT=" + portText + " is out of range: use 1-65535 (or 0 for any free port)");
                }
            } catch (NumberFormatException e) {
                problems.add("SYN_PORT=" + portText + " is not a number: use 1-65535 (or 0 for any free port)");
            }
        }
        Path dataDirectory = dataDirectory(env, problems);
        Optional<PostgresSettings> postgres = Optional.empty();
        String databaseUrl = env.get("SYN_DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            postgres = parsePostgres(databaseUrl.strip(), problems);
        }
        AuthSettings auth = AuthSettings.fromEnvironment(env, host, problems);
        Optional<String> redis = Optional.empty();
        String redisUrl = env.get("SYN_REDIS_URL");
        if (redisUrl != null && !redisUrl.isBlank()) {
            redis = Optional.of(redisUrl.strip());
            if (!redisUrl.strip().startsWith("redis://") && !redisUrl.strip().startsWith("rediss://")) {
                problems.add("SYN_REDIS_URL=" + redisUrl + " must look like redis://host:6379 (or rediss:// for TLS)");
            }
        }
        Optional<String> webhookSecret = Optional.empty();
        String secret = env.get("SYN_GITHUB_WEBHOOK_SECRET");
        if (secret != null) {
            if (secret.strip().length() < 16) {
                problems.add("SYN_GITHUB_WEBHOOK_SECRET is too short to resist guessing: use at least 16 characters "
                        + "(e.g. openssl rand -hex 32), the same as the GitHub webhook's secret, or unset it");
            }
            webhookSecret = Optional.of(secret.strip());
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new ServerConfig(host, port, dataDirectory, postgres, auth, redis, webhookSecret);
    }

    private static Path dataDirectory(Map<String, String> env, List<String> problems) {
        String explicit = env.get("SYN_DATA_DIR");
        if (explicit != null) {
            if (explicit.isBlank()) {
                problems.add("SYN_DATA_DIR is empty: give a directory for the embedded database, or unset it");
                return Path.of(".");
            }
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "syntropic137");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "syntropic137");
    }

    private static Optional<PostgresSettings> parsePostgres(String url, List<String> problems) {
        String hint = "SYN_DATABASE_URL must look like postgresql://user:password@host:5432/database";
        try {
            URI uri = new URI(url);
            if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
                problems.add("SYN_DATABASE_URL has scheme '" + uri.getScheme() + "': " + hint);
                return Optional.empty();
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (uri.getHost() == null || path.isEmpty()) {
                problems.add("SYN_DATABASE_URL lacks a host or database name: " + hint);
                return Optional.empty();
            }
            String user = null;
            String password = null;
            if (uri.getUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : null;
            }
            int port = uri.getPort() == -1 ? 5432 : uri.getPort();
            String query = uri.getQuery() == null ? "" : "?" + uri.getQuery();
            return Optional.of(new PostgresSettings("jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + path + query,
                    user, password));
        } catch (URISyntaxException e) {
            problems.add("SYN_DATABASE_URL is not a URL (" + e.getReason() + "): " + hint);
            return Optional.empty();
        }
    }

    public Path sqliteFile() {
        return dataDirectory.resolve("syntropic137.db");
    }

    public String describeStorage() {
        return postgres.map(p -> "PostgreSQL " + p.jdbcUrl()).orElse("embedded SQLite " + sqliteFile());
    }
}
