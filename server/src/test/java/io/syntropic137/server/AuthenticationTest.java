package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.server.auth.TokenAdmin;
import io.syntropic137.server.auth.TokenStore;
import io.syntropic137.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API tokens and rate limits over real HTTP, against a real server on a temporary data directory. */
class AuthenticationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static Map<String, String> env(Path dataDir, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private HttpResponse<String> send(Server server, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Server server, String path, String token) throws Exception {
        return send(server, "GET", path, token, null);
    }

    private record Admin(int exitCode, String out, String err) {
    }

    private static Admin admin(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TokenAdmin.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Admin(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every value in every row of the token table, as text. */
    private static String everythingStored(Connection c) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT * FROM syn_api_tokens")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    all.append(rows.getString(i)).append('|');
                }
                all.append('\n');
            }
        }
        return all.toString();
    }

    private static void assertUnauthorized(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.body()).contains("https://syntropic137.dev/problems/unauthorized", detail);
    }

    @Test
    void adminModePrintsTheTokenOnceAndStoresOnlyItsHash(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = env(dataDir);
        Admin created = admin(env, "create", "--name", "ci");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("syn_[0-9A-Za-z]{40}");
        assertThat(created.err()).contains("shown only this once").doesNotContain(token);

        Path file = dataDir.resolve("auth.db");
        assertThat(file).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            String stored = everythingStored(c);
            assertThat(stored).contains("ci").doesNotContain(token).doesNotContain(token.substring(4));
            assertThat(stored).contains(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8))));
        }
        for (Path other : Files.list(dataDir).toList()) {
            assertThat(Files.readAllBytes(other)).as(other.toString()).asString(StandardCharsets.ISO_8859_1).doesNotContain(token);
        }

        Admin listed = admin(env, "list");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains("ci").doesNotContain(token);
        String id = listed.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        assertThat(admin(env, "revoke", id).out()).contains("revoked " + id);
        assertThat(admin(env, "revoke", "tok_nothing").exitCode()).isEqualTo(5);
        assertThat(admin(env, "create").exitCode()).isEqualTo(2);
    }

    @Test
    void requiredModeRefusesMissingWrongAndRevokedTokensAndAcceptsAValidOne(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = env(dataDir, "SYN_AUTH", "required");
        String token = admin(env, "create", "--name", "me").out().strip();
        try (Server server = Main.start(ServerConfig.fromEnvironment(env))) {
            assertUnauthorized(get(server, "/api/workflows", null), "requires an API token");
            assertUnauthorized(get(server, "/api/workflows", "syn_wrong"), "not valid");
            assertUnauthorized(get(server, "/api/executions/x/stream", null), "requires an API token");
            assertThat(get(server, "/api/workflows", token).statusCode()).isEqualTo(200);
            assertThat(get(server, "/api/health", null).statusCode()).isEqualTo(200);
            assertThat(get(server, "/api/openapi.yaml", null).statusCode()).isEqualTo(200);

            // a token holder mints another; the list shows neither secret
            HttpResponse<String> minted = send(server, "POST", "/api/tokens", token, "{\"name\": \"second\"}");
            assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
            JsonNode second = JSON.readTree(minted.body());
            assertThat(get(server, "/api/workflows", second.get("token").asText()).statusCode()).isEqualTo(200);
            HttpResponse<String> list = get(server, "/api/tokens", token);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(list.body()).get("items")).hasSize(2);
            assertThat(list.body()).doesNotContain(token, second.get("token").asText());
            assertThat(send(server, "POST", "/api/tokens", token, "{}").statusCode()).isEqualTo(422);

            HttpResponse<String> revoked = send(server, "DELETE", "/api/tokens/" + second.get("id").asText(), token, null);
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(JSON.readTree(revoked.body()).get("revokedAt").isNull()).isFalse();
            assertUnauthorized(get(server, "/api/workflows", second.get("token").asText()), "was revoked at");
            assertThat(send(server, "DELETE", "/api/tokens/tok_none", token, null).statusCode()).isEqualTo(404);

            // revoked by the admin command from another "process" while the server runs: refused at once
            String id = JSON.readTree(list.body()).get("items").get(0).get("id").asText();
            assertThat(admin(env, "revoke", id).exitCode()).isZero();
            assertUnauthorized(get(server, "/api/workflows", token), "was revoked at");
        }
    }

    @Test
    void onLoopbackTheDefaultNeedsNoToken(@TempDir Path dataDir) throws Exception {
        ServerConfig config = ServerConfig.fromEnvironment(env(dataDir));
        assertThat(config.auth().tokensRequired()).isFalse();
        try (Server server = Main.start(config)) {
            assertThat(get(server, "/api/workflows", null).statusCode()).isEqualTo(200);
            assertThat(Main.accessNotice(config, server.hasUsableToken()))
                    .contains("development mode: no API tokens required on loopback; set SYN_AUTH=required to require them")
                    .contains("./syn token create --name me");
        }
    }

    @Test
    void beyondLoopbackTokensAreRequiredAndCannotBeTurnedOff(@TempDir Path dataDir) {
        ServerConfig open = ServerConfig.fromEnvironment(env(dataDir, "SYN_HOST", "0.0.0.0"));
        assertThat(open.auth().tokensRequired()).isTrue();
        assertThat(Main.accessNotice(open, false)).contains("API tokens required", "no token exists yet", "./syn token create");
        assertThat(Main.accessNotice(open, true)).doesNotContain("no token exists yet");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(env(dataDir, "SYN_HOST", "0.0.0.0", "SYN_AUTH", "off")))
                .isInstanceOf(ServerConfig.InvalidConfigException.class)
                .hasMessageContaining("SYN_AUTH=off is only allowed on loopback")
                .hasMessageContaining("SYN_HOST=0.0.0.0");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(env(dataDir, "SYN_AUTH", "maybe")))
                .hasMessageContaining("SYN_AUTH=maybe is not allowed");
        assertThat(ServerConfig.fromEnvironment(env(dataDir, "SYN_HOST", "::1", "SYN_AUTH", "off")).auth().tokensRequired()).isFalse();
    }

    @Test
    void aClientOverItsRateIsToldToRetryAndOthersAreUnaffected(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = env(dataDir, "SYN_AUTH", "required", "SYN_RATE_LIMIT", "1:3");
        String first = admin(env, "create", "--name", "first").out().strip();
        String second = admin(env, "create", "--name", "second").out().strip();
        try (Server server = Main.start(ServerConfig.fromEnvironment(env))) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(server, "/api/workflows", first).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> refused = get(server, "/api/workflows", first);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("https://syntropic137.dev/problems/rate-limited");
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 2L);

            assertThat(get(server, "/api/workflows", second).statusCode()).isEqualTo(200);

            Thread.sleep(retryAfter * 1000 + 100);
            assertThat(get(server, "/api/workflows", first).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBadRateLimitIsReportedByName(@TempDir Path dataDir) {
        for (String bad : List.of("fast", "-1", "10:0", "1:2:3")) {
            assertThatThrownBy(() -> ServerConfig.fromEnvironment(env(dataDir, "SYN_RATE_LIMIT", bad)))
                    .hasMessageContaining("SYN_RATE_LIMIT=" + bad + " is not a rate limit");
        }
        assertThat(ServerConfig.fromEnvironment(env(dataDir, "SYN_RATE_LIMIT", "0")).auth().rateLimit().limited()).isFalse();
        assertThat(ServerConfig.fromEnvironment(env(dataDir, "SYN_RATE_LIMIT", "5")).auth().rateLimit().burst()).isEqualTo(10);
        assertThat(ServerConfig.fromEnvironment(env(dataDir)).auth().rateLimit().perSecond()).isEqualTo(200);
    }

    @Test
    void tokensLiveInThePostgresDatabaseWhenTheServerUsesIt() throws Exception {
        try (var database = PostgresTestDatabase.create("syn_auth")) {
            String url = "postgresql://" + database.user() + (database.password() == null ? "" : ":" + database.password())
                    + "@" + URI.create(database.jdbcUrl().substring(5)).getAuthority() + "/" + database.name();
            Map<String, String> env = new HashMap<>(Map.of("SYN_DATABASE_URL", url, "SYN_PORT", "0", "SYN_AUTH", "required"));
            env.put("SYN_DATA_DIR", Files.createTempDirectory("syn-auth-pg").toString());
            Admin created = admin(env, "create", "--name", "pg");
            assertThat(created.exitCode()).as(created.err()).isZero();
            String token = created.out().strip();
            try (Connection c = database.connect()) {
                assertThat(everythingStored(c)).contains("pg").doesNotContain(token);
            }
            assertThat(Path.of(env.get("SYN_DATA_DIR")).resolve("auth.db")).doesNotExist();
            try (Server server = Main.start(ServerConfig.fromEnvironment(env))) {
                assertThat(get(server, "/api/workflows", token).statusCode()).isEqualTo(200);
                assertUnauthorized(get(server, "/api/workflows", null), "requires an API token");
                try (TokenStore store = TokenStore.open(ServerConfig.fromEnvironment(env), Clock.systemUTC())) {
                    var only = store.list().getFirst();
                    assertThat(only.lastUsedAt()).isPresent();
                    store.revoke(only.id());
                }
                assertUnauthorized(get(server, "/api/workflows", token), "was revoked at");
            }
        }
    }
}
