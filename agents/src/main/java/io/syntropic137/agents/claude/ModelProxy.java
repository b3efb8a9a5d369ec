package io.syntropic137.agents.claude;

import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.port.AgentEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The credential-adding model proxy of one agent run: an HTTP server on a Unix socket (bound into the sandbox as
 * {@code ANTHROPIC_UNIX_SOCKET}) that forwards every call to the upstream Messages API with the real key in place
 * of the run's placeholder, and streams the answer back chunk by chunk.
 *
 * <ul>
 *   <li>Only a caller presenting this run's placeholder key is served (401 otherwise), so the socket is no open
 *       relay for anything else that could reach it.</li>
 *   <li>Before each Messages call except the run's first it calls {@code yieldPoint(AFTER_LLM_CALL)}: the previous
 *       model call is over, and a paused execution holds the agent here, before the next call is spent.</li>
 *   <li>The usage of every streamed answer is reported to {@link AgentEvents#usage} once per API message id
 *       (cost null: the CLI's result line carries the authoritative cost).</li>
 * </ul>
 */
final class ModelProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelProxy.class);
    /** Hop-by-hop headers, headers the JDK client sets itself, and the credentials we replace. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "keep-alive", "content-length",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "proxy-connection", "proxy-authorization",
            "accept-encoding", "x-api-key", "authorization");
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "content-length",
            "transfer-encoding", "te", "trailer", "upgrade", "content-encoding");

    private final UnixHttpServer server;
    private final URI upstream;
    private final Supplier<String> apiKey;
    private final byte[] placeholderDigest;
    private final AgentEvents events;
    private final HttpClient client;
    private final AtomicInteger messageCalls = new AtomicInteger();
    private final Set<String> reportedMessages = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicReference<TokenUsage> reportedTotal =
            new java.util.concurrent.atomic.AtomicReference<>(TokenUsage.NONE);

    private ModelProxy(Path socket, URI upstream, Supplier<String> apiKey, String placeholderKey, AgentEvents events)
            throws IOException {
        this.upstream = upstream;
        this.apiKey = apiKey;
        this.placeholderDigest = sha256(placeholderKey);
        this.events = events;
        // HTTP/1.1: streamed SSE arrives as it is sent, and the model server and the API both speak it
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20)).build();
        this.server = UnixHttpServer.start(socket, "model-proxy", this::handle);
    }

    static ModelProxy start(Path socket, URI upstream, Supplier<String> apiKey, String placeholderKey,
                            AgentEvents events) throws IOException {
        return new ModelProxy(socket, upstream, apiKey, placeholderKey, events);
    }

    Path socket() {
        return server.socket();
    }

    /** Messages calls forwarded or being forwarded so far (retries included). */
    int messageCalls() {
        return messageCalls.get();
    }

    private void handle(HttpRequestHead request, HttpResponseWriter response) throws IOException, InterruptedException {
        String presented = request.header("x-api-key")
                .or(() -> request.header("authorization").map(value -> value.replaceFirst("(?i)^bearer\\s+", "")))
                .orElse("");
        if (!MessageDigest.isEqual(sha256(presented), placeholderDigest)) {
            response.sendJson(401, apiError("authentication_error", "this socket serves only its own agent run"));
            return;
        }
        boolean messagesCall = "POST".equals(request.method()) && request.path().endsWith("/v1/messages");
        if (messagesCall && messageCalls.getAndIncrement() > 0) {
            events.yieldPoint(YieldPoint.AFTER_LLM_CALL); // blocks while the execution is paused
        }
        HttpResponse<InputStream> upstreamResponse;
        try {
            upstreamResponse = client.send(upstreamRequest(request), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.warn("model proxy: the upstream {} did not answer: {}", upstream, e.toString());
            // the CLI treats 502 as retryable, as it would a refused connection
            response.sendJson(502, apiError("api_error", "the model upstream did not answer: " + e.getMessage()));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        upstreamResponse.headers().map().forEach((name, values) -> {
            if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
            }
        });
        boolean eventStream = headers.getOrDefault("content-type", "").startsWith("text/event-stream");
        SseUsageTap tap = messagesCall && eventStream
                ? new SseUsageTap(reportedMessages, this::reportUsage) : null;
        try (InputStream body = upstreamResponse.body(); OutputStream out = response.startChunked(upstreamResponse.statusCode(), headers)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (n == 0) {
                    continue;
                }
                if (tap != null) {
                    tap.accept(buffer, n);
                }
                out.write(buffer, 0, n);
            }
        } finally {
            if (tap != null) {
                tap.finish();
            }
        }
    }

    private void reportUsage(String model, TokenUsage tokens) {
        reportedTotal.accumulateAndGet(tokens, TokenUsage::plus);
        events.usage(model, tokens, null);
    }

    /** The sum of the usage reported so far: the run's tokens when the CLI died before its result line. */
    TokenUsage reportedTotal() {
        return reportedTotal.get();
    }

    private HttpRequest upstreamRequest(HttpRequestHead request) {
        String base = upstream.toString().replaceAll("/+$", "");
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.target()))
                .method(request.method(), request.body().length == 0 && !"POST".equals(request.method())
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name)) {
                try {
                    builder.header(name, value);
                } catch (IllegalArgumentException e) {
                    // a header the JDK client manages itself (e.g. "date"): the upstream gets the client's own
                    LOG.debug("model proxy: header {} not forwarded: {}", name, e.getMessage());
                }
            }
        });
        builder.header("x-api-key", apiKey.get());
        return builder.build();
    }

    private static String apiError(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            client.shutdownNow();
        }
    }
}
