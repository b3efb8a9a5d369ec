package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The telemetry pipeline in /api/health: a store that fails turns it degraded, with the error named, and back. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TelemetryHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private JsonNode awaitHealth(Predicate<JsonNode> telemetry, String what) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = health();
            if (telemetry.test(last.at("/parts/telemetry"))) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("health never showed " + what + "; last: " + last);
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("telemetry.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute(statement);
        }
    }

    @Test
    void aFailingStoreIsNamedAndTheHeldEventIsStoredOnceItRecovers() throws Exception {
        server = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0")));
        JsonNode healthy = health().at("/parts/telemetry");
        assertThat(healthy.get("status").asText()).isEqualTo("up");
        assertThat(healthy.get("dropped").asLong()).isZero();
        assertThat(healthy.get("lastFlushError").isNull()).isTrue();
        assertThat(healthy.get("capacity").asInt()).isPositive();
        assertThat(healthy.get("bufferFill").asDouble()).isZero();

        sql("ALTER TABLE telemetry_events RENAME TO telemetry_events_away");
        CompletableFuture<HttpResponse<String>> post = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/telemetry/events"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"time\":\"2026-11-24T14:30:06.540Z\",\"type\":\"error\",\"session\":\"h1\"}]"))
                .build(), HttpResponse.BodyHandlers.ofString());

        JsonNode degraded = awaitHealth(t -> t.get("status").asText().equals("degraded"), "telemetry degraded");
        assertThat(degraded.get("status").asText()).isEqualTo("degraded");
        JsonNode telemetry = degraded.at("/parts/telemetry");
        assertThat(telemetry.at("/lastFlushError/message").asText()).contains("telemetry_events");
        assertThat(telemetry.get("warning").asText()).contains("telemetry store is failing", "none is lost");
        assertThat(telemetry.get("held").asInt()).isEqualTo(1);
        assertThat(telemetry.get("consecutiveFailedFlushes").asLong()).isPositive();
        assertThat(post).as("not acknowledged while the store fails").isNotDone();

        sql("ALTER TABLE telemetry_events_away RENAME TO telemetry_events");
        HttpResponse<String> answer = post.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode recovered = awaitHealth(t -> t.get("status").asText().equals("up"), "telemetry up again").at("/parts/telemetry");
        assertThat(recovered.get("held").asInt()).isZero();
        assertThat(recovered.get("stored").asLong()).isEqualTo(1);
        assertThat(recovered.get("dropped").asLong()).isZero();
        assertThat(recovered.get("consecutiveFailedFlushes").asLong()).isZero();
        assertThat(recovered.at("/lastFlushError/message").asText()).as("a past failure stays visible").contains("telemetry_events");
        assertThat(recovered.get("lastFlushAt").isTextual()).isTrue();
    }
}
