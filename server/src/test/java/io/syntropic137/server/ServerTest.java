package io.syntropic137.server;

import io.syntropic137.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Server server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsOnTheEmbeddedDefaultAndReportsHealth(@TempDir Path dataDir) throws Exception {
        var config = ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0"));
        try (Server server = Main.start(config)) {
            HttpResponse<String> health = get(server, "/api/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"backend\":\"sqlite\"", "\"status\":\"up\"", "\"telemetry\":{\"status\":\"up\",\"held\":0", "\"dropped\":0", "\"isolated\":true", "\"waitingForWork\":0");
            assertThat(dataDir.resolve("syntropic137.db")).exists();
        }
    }

    @Test
    void startsOnPostgresWhenADatabaseUrlIsGiven() throws Exception {
        try (var database = PostgresTestDatabase.create("syn_server")) {
            String url = "postgresql://" + database.user() + "@" + URI.create(database.jdbcUrl().substring(5)).getAuthority()
                    + "/" + database.name();
            var config = ServerConfig.fromEnvironment(Map.of("SYN_DATABASE_URL", url, "SYN_PORT", "0"));
            try (Server server = Main.start(config)) {
                assertThat(get(server, "/api/health").body()).contains("\"backend\":\"postgres\"", "\"status\":\"up\"");
            }
        }
    }

    @Test
    void usesRedisForTheQueryCacheWhenARedisUrlIsGiven(@TempDir Path dataDir) throws Exception {
        var config = ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0",
                "SYN_REDIS_URL", io.syntropic137.testing.RedisTestServer.sharedUrl()));
        try (Server server = Main.start(config)) {
            HttpResponse<String> health = get(server, "/api/health");
            assertThat(health.body()).contains("\"cache\":{\"backend\":\"redis\",\"status\":\"up\"");
            assertThat(get(server, "/api/workflows").statusCode()).isEqualTo(200);
            assertThat(get(server, "/api/workflows").statusCode()).as("served again, from Redis").isEqualTo(200);
        }
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SYN_REDIS_URL", "http://x")))
                .hasMessageContaining("SYN_REDIS_URL=http://x must look like redis://host:6379");
    }

    @Test
    void unknownRoutesAnswerWithAProblemDocument(@TempDir Path dataDir) throws Exception {
        var config = ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0"));
        try (Server server = Main.start(config)) {
            HttpResponse<String> response = get(server, "/api/nothing-here");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"status\":404", "no route for GET /api/nothing-here");
        }
    }

    @Test
    void badSettingsAreAllReportedByName() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(
                "SYN_PORT", "eighty", "SYN_DATABASE_URL", "mysql://x/y", "SYN_HOST", " ")))
                .isInstanceOf(ServerConfig.InvalidConfigException.class)
                .hasMessageContaining("SYN_PORT=eighty is not a number")
                .hasMessageContaining("SYN_DATABASE_URL has scheme 'mysql'")
                .hasMessageContaining("SYN_HOST is empty");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SYN_PORT", "70000")))
                .hasMessageContaining("out of range");
    }

    @Test
    void parsesAPostgresUrlIntoJdbcSettings() {
        var config = ServerConfig.fromEnvironment(Map.of("SYN_DATABASE_URL", "postgresql://syn:s3cret@db.internal:6543/events"));
        assertThat(config.postgres()).hasValue(new ServerConfig.PostgresSettings(
                "jdbc:postgresql://db.internal:6543/events", "syn", "s3cret"));
    }
}
