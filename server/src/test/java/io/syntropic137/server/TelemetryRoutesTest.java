package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import io.syntropic137.observability.BufferSettings;
import io.syntropic137.observability.PriceTable;
import io.syntropic137.observability.TelemetryPipeline;
import io.syntropic137.observability.sqlite.SqliteTelemetryStore;
import io.syntropic137.server.metrics.PrometheusText;
import io.syntropic137.server.metrics.Scraper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private Server server;
    private TelemetryPipeline telemetry;

    private Server start(BufferSettings buffer) {
        var config = ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0"));
        server = Main.start(config, TelemetrySettings.defaults().withBuffer(buffer), EngineSettings.defaults(), AgentSettings.defaults());
        telemetry = server.telemetry();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String event(String session, int i) {
        return "{\"time\":\"2026-11-24T14:30:06.540Z\",\"type\":\"error\",\"session\":\"" + session + "\",\"data\":{\"i\":" + i + "}}";
    }

    @Test
    void aBatchIsStoredBeforeTheAnswerAndReportsEachBadEvent() throws Exception {
        start(BufferSettings.defaults());
        String batch = "[" + event("s1", 1) + ", {\"type\":\"error\"}, " + event("s1", 2)
                + ", {\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"mystery_v9\",\"session\":\"s1\"}]";
        HttpResponse<String> response = post("/api/telemetry/events", batch);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("rejected")).hasSize(1);
        assertThat(answer.at("/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(answer.at("/rejected/0/reason").asText()).isEqualTo("missing_time");
        // acknowledged means committed: readable at once
        assertThat(get("/api/telemetry/events?session=s1").get("events")).hasSize(3);

        // the whole batch again: nothing new
        assertThat(post("/api/telemetry/events", batch).statusCode()).isEqualTo(200);
        JsonNode all = get("/api/telemetry/events?session=s1&limit=2");
        assertThat(all.get("events")).hasSize(2);
        JsonNode rest = get("/api/telemetry/events?session=s1&limit=2&cursor=" + all.get("next_cursor").asText());
        assertThat(rest.get("events")).hasSize(1);
        assertThat(rest.get("next_cursor").isNull()).isTrue();
        assertThat(get("/api/telemetry/events?type=mystery_v9").at("/events/0/known_type").asBoolean()).isFalse();
    }

    @Test
    void malformedRequestsAreProblems() throws Exception {
        start(BufferSettings.defaults());
        assertThat(post("/api/telemetry/events", "{not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/telemetry/events", "{\"events\": 3}").statusCode()).isEqualTo(400);
        HttpResponse<String> allBad = post("/api/telemetry/events", "[{\"type\":\"error\"}]");
        assertThat(allBad.statusCode()).isEqualTo(422);
        StringBuilder huge = new StringBuilder("[");
        for (int i = 0; i <= TelemetryRoutes.MAX_EVENTS_PER_REQUEST; i++) {
            huge.append(i == 0 ? "" : ",").append("{}");
        }
        assertThat(post("/api/telemetry/events", huge.append("]").toString()).statusCode()).isEqualTo(413);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/telemetry/costs?by=colour")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    @Test
    void overloadAnswers429WithRetryAfterAndEveryAcceptedEventIsStored() throws Exception {
        // a buffer of 40 events in front of a synchronous-commit SQLite file: 16 clients outrun it
        start(new BufferSettings(40, 20, Duration.ofMillis(1), Duration.ofMillis(100), Duration.ofSeconds(20)));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger tooMany = new AtomicInteger();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                for (int r = 0; r < 15; r++) {
                    StringBuilder batch = new StringBuilder("[");
                    for (int i = 0; i < 20; i++) {
                        batch.append(i == 0 ? "" : ",").append(event("load", client * 100_000 + r * 100 + i));
                    }
                    try {
                        HttpResponse<String> response = post("/api/telemetry/events", batch.append("]").toString());
                        if (response.statusCode() == 200) {
                            accepted.addAndGet(JSON.readTree(response.body()).get("accepted").asInt());
                        } else {
                            assertThat(response.statusCode()).isEqualTo(429);
                            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
                            tooMany.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        assertThat(tooMany.get()).isPositive();
        assertThat(accepted.get()).isPositive();
        assertThat(telemetry.store().count()).isEqualTo(accepted.get());

        // the operator sees the same overload in the metrics: each refused batch, each stored event, each 429
        PrometheusText metrics = new Scraper(server.port(), null).awaitAtLeast(tooMany.get(),
                "syn_http_server_requests_seconds_count", "route", "/api/telemetry/events", "status", "429");
        assertThat(metrics.value("syn_telemetry_batches_refused_total")).isEqualTo(tooMany.get());
        assertThat(metrics.value("syn_telemetry_events_stored_total")).isEqualTo(accepted.get());
        assertThat(metrics.value("syn_telemetry_buffer_capacity_events")).isEqualTo(40);
        assertThat(metrics.value("syn_http_server_requests_seconds_count", "route", "/api/telemetry/events", "method", "POST",
                "status", "429")).isEqualTo(tooMany.get());
    }

    @Test
    void hookPayloadsBecomeEventsOfTheirExecution() throws Exception {
        start(BufferSettings.defaults());
        String pre = "{\"session_id\":\"hs\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\"},\"tool_use_id\":\"t1\"}";
        String post = "{\"session_id\":\"hs\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Bash\",\"tool_use_id\":\"t1\",\"duration_ms\":12}";
        String at = "&time=2026-11-24T14:30:06.540Z";
        assertThat(post("/api/telemetry/hooks?execution=x1&phase=p1" + at, pre).statusCode()).isEqualTo(200);
        assertThat(post("/api/telemetry/hooks?execution=x1&phase=p1" + at, post).statusCode()).isEqualTo(200);
        // a forwarder's retry with the same capture time is the same event
        assertThat(post("/api/telemetry/hooks?execution=x1&phase=p1" + at, post).statusCode()).isEqualTo(200);
        JsonNode timeline = get("/api/telemetry/sessions/hs/tools");
        assertThat(timeline.at("/tool_calls/0/tool_name").asText()).isEqualTo("Bash");
        assertThat(timeline.at("/tool_calls/0/status").asText()).isEqualTo("completed");
        assertThat(timeline.at("/tool_calls/0/duration_ms").asLong()).isEqualTo(12);
        assertThat(get("/api/telemetry/events?execution=x1").get("events")).hasSize(2);
        assertThat(post("/api/telemetry/hooks", "{\"session_id\":\"hs\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void costsAreServedPerDimension() throws Exception {
        start(BufferSettings.defaults());
        String usage = "{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"token_usage\",\"execution\":\"x2\",\"session\":\"s2\",\"data\":"
                + "{\"message_id\":\"m\",\"model\":\"claude-opus-5-5\",\"input_tokens\":1000000,\"output_tokens\":0,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}";
        assertThat(post("/api/telemetry/events", "[" + usage + "]").statusCode()).isEqualTo(200);
        JsonNode costs = get("/api/telemetry/costs?by=execution&execution=x2");
        assertThat(costs.at("/rows/0/execution").asText()).isEqualTo("x2");
        assertThat(costs.at("/rows/0/cost_usd").decimalValue()).isEqualByComparingTo("4");
        assertThat(get("/api/telemetry/costs?by=day&execution=x2").at("/rows/0/day").asText()).isEqualTo("2026-11-24");
    }
}
