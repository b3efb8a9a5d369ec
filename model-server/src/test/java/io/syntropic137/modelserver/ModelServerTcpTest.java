package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server over real loopback TCP, driven by the JDK's HttpClient. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a wrong fault must fail, not hang the build
class ModelServerTcpTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STREAM_REQUEST = """
            {"model": "claude-test", "stream": true, "max_tokens": 100,
             "messages": [{"role": "user", "content": "go"}]}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScriptParser parser = new ScriptParser();
    private ModelServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        http.close();
    }

    private ModelServer serve(String scriptJson) throws IOException {
        server = ModelServer.builder().script(parser.parse("test.json", scriptJson)).tcpPort(0).start();
        return server;
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTurnsInOrderAsEventStreamsThenTheExhaustedText() throws Exception {
        serve("""
                [{"content": [{"type": "tool_use", "name": "Bash", "input": {"command": "ls"}}]},
                 {"content": [{"type": "text", "text": "all done"}], "usage": {"output_tokens": 9}}]""");

        HttpResponse<String> first = post("/v1/messages?beta=true", STREAM_REQUEST);
        HttpResponse<String> second = post("/v1/messages?beta=true", STREAM_REQUEST);
        HttpResponse<String> third = post("/v1/messages?beta=true", STREAM_REQUEST);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("content-type")).contains("text/event-stream");
        List<SseParsing.Event> firstEvents = SseParsing.parse(first.body());
        assertThat(SseParsing.contentOf(firstEvents).getFirst().get("input")).isEqualTo(MAPPER.readTree("{\"command\":\"ls\"}"));
        assertThat(firstEvents.get(firstEvents.size() - 2).data().at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        List<SseParsing.Event> secondEvents = SseParsing.parse(second.body());
        assertThat(SseParsing.contentOf(secondEvents).getFirst().get("text").asText()).isEqualTo("all done");
        assertThat(secondEvents.get(secondEvents.size() - 2).data().at("/usage/output_tokens").asLong()).isEqualTo(9);
        assertThat(SseParsing.contentOf(SseParsing.parse(third.body())).getFirst().get("text").asText())
                .isEqualTo(WhenExhausted.DEFAULT_TEXT);
    }

    @Test
    void answersANonStreamingRequestWithOneJsonMessage() throws Exception {
        serve("[{\"content\": [{\"type\": \"text\", \"text\": \"plain\"}]}]");

        HttpResponse<String> response = post("/v1/messages", "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = MAPPER.readTree(response.body());
        assertThat(message.at("/content/0/text").asText()).isEqualTo("plain");
        assertThat(message.get("model").asText()).isEqualTo("m");
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
    }

    @ParameterizedTest
    @CsvSource({"429, rate_limit_error, 1", "500, api_error, ", "529, overloaded_error, 3", "401, authentication_error, "})
    void anHttpFaultIsAnsweredTimesTimesThenTheNextTurnServes(int status, String errorType, Long retryAfter) throws Exception {
        serve("[{\"fault\": \"http\", \"status\": " + status + ", \"times\": 2"
                + (retryAfter == null ? "" : ", \"retry_after\": " + retryAfter) + "},"
                + " {\"content\": [{\"type\": \"text\", \"text\": \"recovered\"}]}]");

        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<String> failed = post("/v1/messages", STREAM_REQUEST);
            assertThat(failed.statusCode()).isEqualTo(status);
            JsonNode error = MAPPER.readTree(failed.body());
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.at("/error/type").asText()).isEqualTo(errorType);
            assertThat(failed.headers().firstValue("retry-after")).isEqualTo(
                    retryAfter == null ? java.util.Optional.empty() : java.util.Optional.of(retryAfter.toString()));
        }
        HttpResponse<String> recovered = post("/v1/messages", STREAM_REQUEST);
        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(SseParsing.contentOf(SseParsing.parse(recovered.body())).getFirst().get("text").asText()).isEqualTo("recovered");
    }

    @Test
    void aDroppedStreamDeliversItsFirstEventsThenCloses() throws Exception {
        serve("""
                [{"fault": "drop", "after_events": 3},
                 {"content": [{"type": "text", "text": "complete answer"}]}]""");

        // a raw client: the JDK's HttpClient may report the cut before handing over the bytes it already received
        try (RawHttpClient client = RawHttpClient.connect(new java.net.InetSocketAddress("127.0.0.1", server.tcpPort()))) {
            RawHttpClient.Response dropped = client.post("/v1/messages", STREAM_REQUEST, false, Map.of());
            assertThat(dropped.status()).isEqualTo(200);
            assertThat(dropped.complete()).isFalse();
            assertThat(SseParsing.parse(dropped.body())).extracting(SseParsing.Event::event)
                    .containsExactly("message_start", "ping", "content_block_start");
            assertThat(client.closedByServer()).isTrue();
        }

        HttpResponse<String> retry = post("/v1/messages", STREAM_REQUEST);
        assertThat(SseParsing.contentOf(SseParsing.parse(retry.body())).getFirst().get("text").asText()).isEqualTo("complete answer");
    }

    @Test
    void aStalledStreamGoesQuietForItsTimeThenCloses() throws Exception {
        serve("""
                [{"fault": "stall", "after_events": 1, "stall_ms": 400},
                 {"content": [{"type": "text", "text": "x"}]}]""");

        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(streamRequest(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> readAllLines(response.body(), lines)).isInstanceOf(IOException.class);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(lines).filteredOn(line -> line.startsWith("event: ")).containsExactly("event: message_start");
        assertThat(elapsedMs).isBetween(400L, 5_000L);
    }

    @Test
    void aStallWithoutEndLastsUntilTheServerStops() throws Exception {
        serve("[{\"fault\": \"stall\", \"after_events\": 2}]");
        CompletableFuture<HttpResponse<String>> stalled =
                http.sendAsync(streamRequest(), HttpResponse.BodyHandlers.ofString());

        Thread.sleep(300);
        assertThat(stalled).isNotDone();
        server.close();

        assertThat(stalled).failsWithin(Duration.ofSeconds(5));
    }

    @Test
    void chunkDelaySlowsEveryEvent() throws Exception {
        serve("[{\"content\": [{\"type\": \"text\", \"text\": \"short\"}], \"chunk_delay_ms\": 50}]");

        long start = System.nanoTime();
        HttpResponse<String> response = post("/v1/messages", STREAM_REQUEST);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        int events = SseParsing.parse(response.body()).size(); // 7: start, ping, block start/delta/stop, delta, stop
        assertThat(elapsedMs).isGreaterThanOrEqualTo(50L * events);
    }

    @Test
    void eachScriptAndEachClientSessionKeepsItsOwnPosition() throws Exception {
        server = ModelServer.builder()
                .script(parser.parse("default.json", "[{\"content\": [{\"type\": \"text\", \"text\": \"d1\"}]}, {\"content\": [{\"type\": \"text\", \"text\": \"d2\"}]}]"))
                .script("other", parser.parse("other.json", "[{\"content\": [{\"type\": \"text\", \"text\": \"o1\"}]}]"))
                .tcpPort(0).start();

        assertThat(text(post("/v1/messages", STREAM_REQUEST, MessagesApi.SESSION_HEADER, "agent-a"))).isEqualTo("d1");
        assertThat(text(post("/v1/messages", STREAM_REQUEST, MessagesApi.SESSION_HEADER, "agent-b"))).isEqualTo("d1");
        assertThat(text(post("/s/other/v1/messages", STREAM_REQUEST, MessagesApi.SESSION_HEADER, "agent-a"))).isEqualTo("o1");
        assertThat(text(post("/v1/messages", STREAM_REQUEST, MessagesApi.SESSION_HEADER, "agent-a"))).isEqualTo("d2");

        HttpResponse<String> unknown = post("/s/nope/v1/messages", STREAM_REQUEST);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(unknown.body()).at("/error/message").asText())
                .isEqualTo("no script named \"nope\"; this server has [default, other]");
    }

    @Test
    void answersProbesTokenCountsAndModelsWithoutUsingATurn() throws Exception {
        serve("[{\"content\": [{\"type\": \"text\", \"text\": \"the only turn\"}]}]");

        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(get("/api/hello").statusCode()).isEqualTo(200);
        HttpResponse<String> count = post("/v1/messages/count_tokens", "{\"messages\": [{\"role\": \"user\", \"content\": \"12345678\"}]}");
        assertThat(MAPPER.readTree(count.body()).get("input_tokens").asLong()).isEqualTo(3); // 9 characters with the newline
        assertThat(MAPPER.readTree(get("/v1/models").body()).at("/data/0/type").asText()).isEqualTo("model");
        assertThat(MAPPER.readTree(get("/v1/models/claude-x").body()).get("id").asText()).isEqualTo("claude-x");
        HttpResponse<String> missing = get("/v2/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(missing.body()).at("/error/type").asText()).isEqualTo("not_found_error");
        HttpResponse<String> bad = post("/v1/messages", "{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(bad.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");

        assertThat(text(post("/v1/messages", STREAM_REQUEST))).isEqualTo("the only turn");
    }

    @Test
    void anExhaustedScriptCanAnswerWithAnError() throws Exception {
        serve("{\"turns\": [], \"when_exhausted\": {\"status\": 503, \"message\": \"script over\"}}");

        HttpResponse<String> response = post("/v1/messages", STREAM_REQUEST);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(MAPPER.readTree(response.body()).at("/error/message").asText()).isEqualTo("script over");
    }

    @Test
    void recordsEveryRequestWithSecretsRedactedInMemoryAndInTheJsonlLog(@TempDir Path dir) throws Exception {
        Path logFile = dir.resolve("requests.jsonl");
        server = ModelServer.builder().script(parser.parse("t", "[{\"content\": [{\"type\": \"text\", \"text\": \"x\"}]}]"))
                .tcpPort(0).log(logFile).start();

        post("/v1/messages?beta=true", STREAM_REQUEST, "x-api-key", "sk-test-secret", "anthropic-version", "2023-06-01");
        get("/api/hello");
        server.close();

        List<RecordedRequest> all = server.requests().all();
        assertThat(all).extracting(RecordedRequest::path).containsExactly("/v1/messages", "/api/hello");
        RecordedRequest messages = server.requests().messages().getFirst();
        assertThat(messages.query()).isEqualTo("beta=true");
        assertThat(messages.transport()).isEqualTo("tcp");
        assertThat(messages.body().get("model").asText()).isEqualTo("claude-test");
        assertThat(messages.header("anthropic-version")).contains("2023-06-01");
        assertThat(messages.header("x-api-key").orElseThrow()).doesNotContain("sk-test-secret");
        assertThat(messages.secretMatches("x-api-key", "sk-test-secret")).isTrue();
        assertThat(messages.secretMatches("x-api-key", "sk-other")).isFalse();

        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines).hasSize(2);
        assertThat(Files.readString(logFile)).doesNotContain("sk-test-secret");
        JsonNode first = MAPPER.readTree(lines.getFirst());
        assertThat(first.at("/body/messages/0/content").asText()).isEqualTo("go");
        assertThat(first.at("/headers/x-api-key").asText()).startsWith("redacted sha256:");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest streamRequest() {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(STREAM_REQUEST)).build();
    }

    private static String text(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return SseParsing.contentOf(SseParsing.parse(response.body())).getFirst().get("text").asText();
    }

    private static void readAllLines(InputStream body, List<String> into) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) into.add(line);
        }
    }
}
