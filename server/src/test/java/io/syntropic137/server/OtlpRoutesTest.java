package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.server.auth.TokenAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTLP/HTTP JSON intake over real HTTP, fed what Claude Code 2.1.331 really exported in a Write + Bash run
 * against our model server (src/test/resources/otlp).
 */
class OtlpRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "187720eb-5fc3-457a-b3ab-8a770c015024";
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private Server server;

    private Server start(String... settings) {
        Map<String, String> env = new HashMap<>(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0"));
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        server = Main.start(ServerConfig.fromEnvironment(env));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] sample(String name) throws Exception {
        try (InputStream in = OtlpRoutesTest.class.getResourceAsStream("/otlp/" + name)) {
            return in.readAllBytes();
        }
    }

    private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String path, byte[] body) throws Exception {
        return post(path, body, "Content-Type", "application/json");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("https://syntropic137.dev/problems/" + type);
    }

    private List<JsonNode> events(String query) throws Exception {
        return iterable(get("/api/telemetry/events?limit=1000&" + query).get("events"));
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void aRecordedExportIsStoredAttributedQueryableAndStoredOnceWhenReSent() throws Exception {
        start();
        int accepted = 0;
        for (String name : List.of("write-bash-logs-1.json", "write-bash-logs-2.json")) {
            HttpResponse<String> response = postJson("/v1/logs", sample(name));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.has("partialSuccess")).isFalse();
            assertThat(answer.get("rejected")).isEmpty();
            accepted += answer.get("accepted").asInt();
        }
        HttpResponse<String> metrics = postJson("/v1/metrics", sample("write-bash-metrics-1.json"));
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(JSON.readTree(metrics.body()).get("accepted").asInt()).isEqualTo(10);
        assertThat(accepted).isEqualTo(15);

        List<JsonNode> stored = events("session=" + SESSION);
        assertThat(stored).hasSize(25).allSatisfy(e -> {
            assertThat(e.get("execution").asText()).isEqualTo("ex-1");
            assertThat(e.get("phase").asText()).isEqualTo("ph-1");
        });
        assertThat(events("execution=ex-1&type=token_usage")).hasSize(3);
        assertThat(stored.stream().filter(e -> !e.get("known_type").asBoolean()).map(e -> e.get("type").asText()).distinct())
                .contains("claude_code.plugin_loaded", "claude_code.assistant_response");

        JsonNode tools = get("/api/telemetry/sessions/" + SESSION + "/tools").get("tool_calls");
        assertThat(iterable(tools)).extracting(t -> t.get("tool_name").asText() + ":" + t.get("status").asText())
                .containsExactly("Write:completed", "Bash:completed");

        JsonNode cost = get("/api/telemetry/costs?by=session&session=" + SESSION).at("/rows/0");
        assertThat(cost.get("input_tokens").asLong()).isEqualTo(25);
        assertThat(cost.get("output_tokens").asLong()).isEqualTo(90);
        assertThat(cost.get("cache_creation_input_tokens").asLong()).isEqualTo(1350);
        assertThat(cost.get("cache_read_input_tokens").asLong()).isEqualTo(2500);
        assertThat(cost.get("cost_usd").isNumber()).as(cost.toString()).isTrue();

        // an exporter retrying after a lost answer: same ids, nothing new stored
        HttpResponse<String> again = postJson("/v1/logs", sample("write-bash-logs-1.json"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(events("session=" + SESSION)).hasSize(25);
    }

    @Test
    void gzipIsInflatedAndOtherEncodingsAndProtobufAreRefusedPlainly() throws Exception {
        start();
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(sample("write-bash-metrics-1.json"));
        }
        HttpResponse<String> gz = post("/v1/metrics", zipped.toByteArray(), "Content-Type", "application/json", "Content-Encoding", "gzip");
        assertThat(gz.statusCode()).as(gz.body()).isEqualTo(200);
        assertThat(JSON.readTree(gz.body()).get("accepted").asInt()).isEqualTo(10);

        HttpResponse<String> protobuf = post("/v1/logs", new byte[]{10, 0}, "Content-Type", "application/x-protobuf");
        assertProblem(protobuf, 415, "otlp-encoding-unsupported");
        assertThat(protobuf.body()).contains("OTEL_EXPORTER_OTLP_PROTOCOL=http/json");
        assertProblem(post("/v1/logs", sample("write-bash-logs-1.json"), "Content-Type", "application/json",
                "Content-Encoding", "br"), 415, "otlp-encoding-unsupported");
        assertProblem(post("/v1/logs", "not gzip".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "Content-Encoding", "gzip"), 400, "bad-gzip");
        assertProblem(postJson("/v1/logs", "{not json".getBytes(StandardCharsets.UTF_8)), 400, "bad-json");
        assertProblem(postJson("/v1/metrics", "[]".getBytes(StandardCharsets.UTF_8)), 400, "not-otlp");
        assertThat(events("limit=10")).extracting(e -> e.get("type").asText()).containsOnly("metric");
    }

    @Test
    void badRecordsAreReportedOneByOneWhileTheRestIsStored() throws Exception {
        start();
        String partial = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"session.id","value":{"stringValue":"s-otlp"}}]},
                 "scopeLogs":[{"logRecords":[
                  {"timeUnixNano":"1795558285934000000","body":{"stringValue":"claude_code.tool_result"},"attributes":[
                    {"key":"tool_use_id","value":{"stringValue":"toolu_1"}},{"key":"tool_name","value":{"stringValue":"Bash"}},
                    {"key":"success","value":{"stringValue":"false"}},{"key":"error","value":{"stringValue":"exit 1"}}]},
                  {"timeUnixNano":"soon","body":{"stringValue":"claude_code.user_prompt"}}]}]}]}
                """;
        HttpResponse<String> response = postJson("/v1/logs?execution=ex-q", partial.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.at("/partialSuccess/rejectedLogRecords").asInt()).isEqualTo(1);
        assertThat(answer.at("/partialSuccess/errorMessage").asText()).contains("logRecords[1]");
        assertThat(answer.at("/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(answer.at("/rejected/0/reason").asText()).isEqualTo("bad_time");
        List<JsonNode> stored = events("session=s-otlp");
        assertThat(stored).singleElement().satisfies(e -> {
            assertThat(e.get("type").asText()).isEqualTo("tool_execution_failed");
            assertThat(e.get("execution").asText()).as("from the query, as the attributes name none").isEqualTo("ex-q");
            assertThat(e.at("/data/error").asText()).isEqualTo("exit 1");
        });

        String allBad = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"x\"},7]}]}]}";
        HttpResponse<String> refused = postJson("/v1/logs", allBad.getBytes(StandardCharsets.UTF_8));
        assertProblem(refused, 400, "otlp-records-rejected");
        assertThat(JSON.readTree(refused.body()).get("rejected")).hasSize(2);
    }

    @Test
    void theSameTokenRulesAsTheOtherTelemetryIntake() throws Exception {
        Map<String, String> env = Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0", "SYN_AUTH", "required");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(TokenAdmin.run(List.of("create", "--name", "otel"), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isZero();
        String token = out.toString(StandardCharsets.UTF_8).strip();
        start("SYN_AUTH", "required");
        assertProblem(postJson("/v1/logs", sample("write-bash-logs-2.json")), 401, "unauthorized");
        assertProblem(postJson("/api/telemetry/events", "[]".getBytes(StandardCharsets.UTF_8)), 401, "unauthorized");
        HttpResponse<String> ok = post("/v1/logs", sample("write-bash-logs-2.json"), "Content-Type", "application/json",
                "Authorization", "Bearer " + token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }
}
