package io.syntropic137.agents.claude;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.domain.shared.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads the usage of one model call from the server-sent events the proxy forwards: {@code message_start} carries
 * the message id, the model and the input side; {@code message_delta} the final counts. Reports each API message
 * once (ids already in {@code reported} are skipped, so a replayed stream is not counted twice). A stream that ends
 * before its {@code message_delta} (dropped, cancelled) is reported with the start snapshot. The bytes are only
 * observed, never changed or held back.
 */
final class SseUsageTap {
    private static final Logger LOG = LoggerFactory.getLogger(SseUsageTap.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Set<String> reported;
    private final BiConsumer<String, TokenUsage> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private String messageId;
    private String model;
    private JsonNode startUsage;

    /** @param sink receives (model, tokens) once per API message */
    SseUsageTap(Set<String> reported, BiConsumer<String, TokenUsage> sink) {
        this.reported = reported;
        this.sink = sink;
    }

    void accept(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                onLine(line.toString(StandardCharsets.UTF_8).strip());
                line.reset();
            } else {
                line.write(bytes[i]);
            }
        }
    }

    /** The stream ended: a message whose final usage never came is reported with what is known. */
    void finish() {
        if (messageId != null && startUsage != null) {
            report(startUsage);
        }
    }

    private void onLine(String text) {
        if (!text.startsWith("data:")) {
            return;
        }
        JsonNode event;
        try {
            event = MAPPER.readTree(text.substring(5).strip());
        } catch (JsonProcessingException e) {
            LOG.debug("an SSE data line is not JSON, no usage read from it: {}", e.getOriginalMessage());
            return;
        }
        switch (event.path("type").asText()) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                messageId = message.path("id").asText(null);
                model = message.path("model").asText(null);
                startUsage = message.path("usage");
            }
            case "message_delta" -> {
                if (messageId != null && event.has("usage")) {
                    report(merged(startUsage, event.get("usage")));
                }
            }
            default -> {
                // content blocks, pings, message_stop: no usage in them
            }
        }
    }

    /** message_delta may repeat only some counts (the API always sends output_tokens); the rest come from the start. */
    private static JsonNode merged(JsonNode start, JsonNode delta) {
        var merged = MAPPER.createObjectNode();
        if (start != null && start.isObject()) {
            merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) start);
        }
        delta.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return merged;
    }

    private void report(JsonNode usage) {
        String id = messageId;
        messageId = null;
        startUsage = null;
        if (!reported.add(id)) {
            return;
        }
        sink.accept(model, new TokenUsage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0),
                usage.path("cache_creation_input_tokens").asLong(0), usage.path("cache_read_input_tokens").asLong(0)));
    }
}
