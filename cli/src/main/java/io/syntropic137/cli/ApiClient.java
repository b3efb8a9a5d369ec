package io.syntropic137.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** The server's HTTP API as the CLI uses it: JSON in and out, errors as exceptions with the server's problem. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final String base;
    /** The API token sent as the bearer token, or null (a loopback server in development mode needs none). */
    private final String token;

    ApiClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String base() {
        return base;
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    JsonNode get(String path) {
        return json(send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode postJson(String path, Object body) {
        try {
            return postText(path, "application/json", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request body could not be written as JSON", e);
        }
    }

    JsonNode postText(String path, String contentType, String body) {
        HttpRequest request = request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return json(send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** A PATCH, PUT, DELETE (or POST) with a JSON body; the server's answer, or a problem when not 2xx. */
    JsonNode sendJson(String method, String path, Object body) {
        try {
            HttpRequest request = request(path).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            return json(send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request body could not be written as JSON", e);
        }
    }

    /** The raw bytes of a GET (artifact content), or a problem when the status is not 2xx. */
    InputStream getStream(String path) {
        HttpResponse<InputStream> response = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream in = response.body()) {
                String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                throw problem(response.statusCode(), raw);
            } catch (IOException e) {
                throw new ServerUnreachableException(base, e);
            }
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
                .header("X-Syn-Actor", "cli"));
    }

    /** Adds the API token, when there is one, to a request this client is about to send. */
    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ServerUnreachableException(base, e);
        } catch (IOException e) {
            // the JDK client wraps a refused connection in a plain IOException on some paths
            if (e.getCause() instanceof ConnectException) {
                throw new ServerUnreachableException(base, e.getCause());
            }
            throw new ServerUnreachableException(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        String raw = response.body();
        if (response.statusCode() / 100 != 2) {
            throw problem(response.statusCode(), raw);
        }
        if (raw == null || raw.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the server answered " + response.statusCode() + " with a body that is not JSON: "
                    + abbreviate(raw), e);
        }
    }

    private static ApiProblemException problem(int status, String raw) {
        JsonNode node = null;
        if (raw != null && raw.strip().startsWith("{")) {
            try {
                node = JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                // not a problem document: the raw text is reported instead
                node = null;
            }
        }
        return new ApiProblemException(status, node, abbreviate(raw));
    }

    private static String abbreviate(String raw) {
        return raw == null || raw.length() <= 300 ? raw : raw.substring(0, 300) + "…";
    }

    /** A path with query parameters; null values are left out. */
    static String path(String path, Map<String, ?> query) {
        StringJoiner joined = new StringJoiner("&");
        query.forEach((k, v) -> {
            if (v != null) {
                joined.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return joined.length() == 0 ? path : path + "?" + joined;
    }

    static Map<String, Object> query(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
