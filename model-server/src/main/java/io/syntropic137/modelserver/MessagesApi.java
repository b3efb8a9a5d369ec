package io.syntropic137.modelserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers one HTTP request: the Messages API calls from the session's script, and the auxiliary endpoints a
 * client may probe (HEAD anything, GET {@code /} and {@code /api/hello}, count_tokens, models).
 * Paths may carry a session prefix {@code /s/{scriptName}}; without one the default script serves.
 */
final class MessagesApi {

    /** Longest text or partial JSON per delta event: small enough that every reply streams in several pieces. */
    static final int PIECE_LENGTH = 24;
    static final String SESSION_HEADER = "x-claude-code-session-id";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    private final Sessions sessions;
    private final RequestLog log;
    private final CountDownLatch stopped;

    /** @param stopped counted down when the server stops, which ends delays and stalls at once */
    MessagesApi(Sessions sessions, RequestLog log, CountDownLatch stopped) {
        this.sessions = sessions;
        this.log = log;
        this.stopped = stopped;
    }

    /** @return whether the connection may serve another request */
    boolean handle(HttpRequest request, String transport, HttpResponder responder) throws IOException {
        JsonNode body = parseBody(request.body());
        log.add(new RecordedRequest(Instant.now(), transport, request.method(), request.path(), request.query(),
                RecordedRequest.redact(request.headers()), body == null ? TextNode.valueOf(rawText(request.body())) : body));
        boolean close = request.wantsClose();
        Reply reply = new Reply(responder, request.method().equals("HEAD"), close);

        String scriptName = Sessions.DEFAULT_SCRIPT;
        String path = request.path();
        if (path.startsWith("/s/")) {
            int end = path.indexOf('/', 3);
            scriptName = end < 0 ? path.substring(3) : path.substring(3, end);
            path = end < 0 ? "/" : path.substring(end);
            if (!sessions.hasScript(scriptName)) {
                return reply.error(404, "no script named \"" + scriptName + "\"; this server has " +
                        sessions.scriptNames().stream().sorted().toList());
            }
        }
        if (request.method().equals("HEAD")) return reply.json(200, MAPPER.createObjectNode());
        String route = request.method() + " " + path;
        return switch (route) {
            case "GET /", "GET /api/hello" -> reply.json(200, MAPPER.createObjectNode().put("status", "ok"));
            case "POST /v1/messages" -> {
                if (!(body instanceof ObjectNode)) yield reply.error(400, "the request body must be a JSON object");
                yield messages(scriptName, request, new ConversationView(body), reply);
            }
            case "POST /v1/messages/count_tokens" -> {
                if (!(body instanceof ObjectNode)) yield reply.error(400, "the request body must be a JSON object");
                yield reply.json(200, MAPPER.createObjectNode()
                        .put("input_tokens", new ConversationView(body).estimatedInputTokens()));
            }
            case "GET /v1/models" -> {
                ObjectNode list = MAPPER.createObjectNode();
                list.putArray("data").add(model("claude-scripted"));
                list.put("has_more", false).put("first_id", "claude-scripted").put("last_id", "claude-scripted");
                yield reply.json(200, list);
            }
            default -> path.startsWith("/v1/models/") && request.method().equals("GET")
                    ? reply.json(200, model(path.substring("/v1/models/".length())))
                    : reply.error(404, "no such endpoint: " + request.method() + " " + request.path());
        };
    }

    private boolean messages(String scriptName, HttpRequest request, ConversationView view, Reply reply) throws IOException {
        String sessionId = request.header(SESSION_HEADER).orElse(Sessions.NO_SESSION_ID);
        Optional<ScriptCursor> cursor = sessions.cursor(scriptName, sessionId);
        if (cursor.isEmpty()) {
            return reply.error(404, "this server has no default script; use a base URL ending in /s/{name} with one of "
                    + sessions.scriptNames().stream().sorted().toList());
        }
        return switch (cursor.get().next(view.lastUserText())) {
            case ScriptCursor.Step.Answer answer -> {
                AssistantMessage message = AssistantMessage.of(answer.reply(), view);
                if (!view.stream()) yield reply.json(200, message.toJson());
                List<SseEvent> events = message.toEvents(PIECE_LENGTH);
                HttpResponder.Chunked stream = reply.startStream();
                for (SseEvent event : events) {
                    if (pause(answer.reply().chunkDelayMs())) yield false;
                    stream.write(event.frame());
                }
                stream.finish();
                yield !reply.close;
            }
            case ScriptCursor.Step.Fail fail -> reply.error(fail.error().status(), fail.error().message(),
                    fail.error().retryAfterSeconds().map(seconds -> Map.of("retry-after", seconds.toString())).orElse(Map.of()));
            case ScriptCursor.Step.Cut cut -> {
                AssistantMessage message = AssistantMessage.of(cut.reply(), view);
                int sendBeforeCut = switch (cut.action()) {
                    case FaultAction.DropStream drop -> drop.afterEvents();
                    case FaultAction.StallStream stall -> stall.afterEvents();
                    case FaultAction.HttpError error -> throw new IllegalStateException("an HTTP error is not a cut: " + error);
                };
                if (view.stream()) {
                    HttpResponder.Chunked stream = reply.startStream();
                    List<SseEvent> events = message.toEvents(PIECE_LENGTH);
                    for (SseEvent event : events.subList(0, Math.min(sendBeforeCut, events.size()))) {
                        if (pause(cut.reply().chunkDelayMs())) yield false;
                        stream.write(event.frame());
                    }
                }
                if (cut.action() instanceof FaultAction.StallStream stall) {
                    if (stall.stallMs().isPresent()) pause(stall.stallMs().get());
                    else awaitStop();
                }
                yield false; // the connection is closed without finishing the response: that is the fault
            }
        };
    }

    /** @return true when the server stopped during the pause */
    private boolean pause(long millis) {
        if (millis <= 0) return stopped.getCount() == 0;
        try {
            return stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode model(String id) {
        return MAPPER.createObjectNode().put("type", "model").put("id", id)
                .put("display_name", id + " (scripted)").put("created_at", "2025-01-01T00:00:00Z");
    }

    /** @return the body as JSON, {@link NullNode} when empty, null when it is not JSON */
    private static JsonNode parseBody(byte[] body) {
        if (body.length == 0) return NullNode.getInstance();
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    private static String rawText(byte[] body) {
        return new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
    }

    /** The response side of one request. */
    private record Reply(HttpResponder responder, boolean headOnly, boolean close) {

        boolean json(int status, JsonNode body) throws IOException {
            return json(status, body, Map.of());
        }

        boolean json(int status, JsonNode body, Map<String, String> headers) throws IOException {
            var all = new java.util.LinkedHashMap<>(headers);
            all.put("request-id", "req_" + UUID.randomUUID().toString().replace("-", ""));
            responder.send(status, JSON_TYPE, body.toString().getBytes(StandardCharsets.UTF_8), all, close, headOnly);
            return !close;
        }

        boolean error(int status, String message) throws IOException {
            return error(status, message, Map.of());
        }

        boolean error(int status, String message, Map<String, String> headers) throws IOException {
            return json(status, ApiErrors.body(status, message), headers);
        }

        HttpResponder.Chunked startStream() throws IOException {
            return responder.startChunked(200, "text/event-stream",
                    Map.of("request-id", "req_" + UUID.randomUUID().toString().replace("-", "")));
        }
    }
}
