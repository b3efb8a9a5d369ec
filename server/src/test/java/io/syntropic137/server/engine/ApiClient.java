package io.syntropic137.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small HTTP client for the server's JSON API, as a user's script would use it. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, JsonNode body, String raw) {
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public Response post(String path, String contentType, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json);
    }

    /** Any method, a JSON body (or none when null), extra headers as name, value, name, value... */
    public Response send(String method, String path, String json, String... headers) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        boolean json = response.headers().firstValue("content-type").map(t -> t.contains("json")).orElse(false);
        JsonNode body = json && !response.body().isBlank() ? JSON.readTree(response.body()) : null;
        return new Response(response.statusCode(), body, response.body());
    }

    /** Polls an execution's detail until {@code done} holds; fails with the last detail after {@code timeout}. */
    public JsonNode awaitExecution(String executionId, Predicate<JsonNode> done, Duration timeout, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = get("/api/executions/" + executionId);
            if (last.status() == 200 && done.test(last.body())) {
                return last.body();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + executionId + " never reached " + what + "; last answer: "
                + (last == null ? "none" : last.status() + " " + last.raw()));
    }

    public static String status(JsonNode detail) {
        return detail.path("summary").path("status").asText();
    }
}
