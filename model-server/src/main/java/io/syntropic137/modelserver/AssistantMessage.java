package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A scripted reply made concrete for one request: fresh message and tool-use ids, the model id, and
 * {@code {cwd}} filled in. Rendered either as one JSON message or as a list of server-sent events.
 *
 * @param content the complete content blocks as the API returns them (tool_use blocks with their input)
 */
record AssistantMessage(String id, String model, List<ObjectNode> content, String stopReason, Usage usage) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    AssistantMessage {
        content = List.copyOf(content);
    }

    static AssistantMessage of(Turn.Reply reply, ConversationView request) {
        String cwd = request.workingDirectory().orElse(".");
        List<ObjectNode> blocks = new ArrayList<>();
        for (ContentBlock block : reply.content()) {
            ObjectNode node = JSON.objectNode();
            switch (block) {
                case ContentBlock.Text text -> {
                    node.put("type", "text");
                    node.put("text", text.text());
                }
                case ContentBlock.ToolUse tool -> {
                    node.put("type", "tool_use");
                    node.put("id", tool.id().orElseGet(() -> newId("toolu_")));
                    node.put("name", tool.name());
                    node.set("input", fillIn(tool.input(), cwd));
                }
            }
            blocks.add(node);
        }
        return new AssistantMessage(newId("msg_"), reply.model().orElse(request.model()), blocks,
                reply.stopReason(), reply.usage());
    }

    /** The non-streaming reply body. */
    ObjectNode toJson() {
        ObjectNode message = envelope();
        content.forEach(message.withArray("content")::add);
        message.put("stop_reason", stopReason);
        message.putNull("stop_sequence");
        message.set("usage", usageJson(usage.outputTokens()));
        return message;
    }

    /**
     * The streaming reply: message_start, ping, for each block content_block_start / _delta... / _stop,
     * message_delta with the stop reason and final usage, message_stop.
     *
     * @param pieceLength the longest text or partial JSON sent in one delta
     */
    List<SseEvent> toEvents(int pieceLength) {
        List<SseEvent> events = new ArrayList<>();
        ObjectNode start = JSON.objectNode();
        start.put("type", "message_start");
        ObjectNode message = envelope();
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usageJson(1)); // the API reports a placeholder output count until message_delta
        start.set("message", message);
        events.add(new SseEvent("message_start", start));
        events.add(new SseEvent("ping", JSON.objectNode().put("type", "ping")));

        for (int index = 0; index < content.size(); index++) {
            ObjectNode block = content.get(index);
            boolean isTool = "tool_use".equals(block.path("type").asText());
            ObjectNode opening = block.deepCopy();
            String full;
            if (isTool) {
                full = block.get("input").toString();
                opening.set("input", JSON.objectNode());
            } else {
                full = block.get("text").textValue();
                opening.put("text", "");
            }
            ObjectNode blockStart = JSON.objectNode().put("type", "content_block_start").put("index", index);
            blockStart.set("content_block", opening);
            events.add(new SseEvent("content_block_start", blockStart));
            for (String piece : pieces(full, pieceLength)) {
                ObjectNode delta = JSON.objectNode();
                if (isTool) delta.put("type", "input_json_delta").put("partial_json", piece);
                else delta.put("type", "text_delta").put("text", piece);
                ObjectNode deltaEvent = JSON.objectNode().put("type", "content_block_delta").put("index", index);
                deltaEvent.set("delta", delta);
                events.add(new SseEvent("content_block_delta", deltaEvent));
            }
            events.add(new SseEvent("content_block_stop",
                    JSON.objectNode().put("type", "content_block_stop").put("index", index)));
        }

        ObjectNode messageDelta = JSON.objectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        messageDelta.set("usage", usageJson(usage.outputTokens()));
        events.add(new SseEvent("message_delta", messageDelta));
        events.add(new SseEvent("message_stop", JSON.objectNode().put("type", "message_stop")));
        return events;
    }

    private ObjectNode envelope() {
        ObjectNode message = JSON.objectNode();
        message.put("id", id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        return message;
    }

    private ObjectNode usageJson(long outputTokens) {
        ObjectNode node = JSON.objectNode();
        node.put("input_tokens", usage.inputTokens());
        node.put("cache_creation_input_tokens", usage.cacheCreationInputTokens());
        node.put("cache_read_input_tokens", usage.cacheReadInputTokens());
        node.put("output_tokens", outputTokens);
        return node;
    }

    /** Splits on code points, never inside a surrogate pair, so every piece is valid UTF-8 on its own. */
    static List<String> pieces(String text, int pieceLength) {
        if (pieceLength < 1) throw new IllegalArgumentException("pieceLength < 1");
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + pieceLength);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end--;
            if (end == start) end = start + 2; // a lone pair at pieceLength 1
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }

    private static JsonNode fillIn(JsonNode node, String cwd) {
        if (node.isTextual()) return TextNode.valueOf(node.textValue().replace("{cwd}", cwd));
        if (node.isObject()) {
            ObjectNode copy = JSON.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), fillIn(field.getValue(), cwd));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.arrayNode();
            node.forEach(element -> copy.add(fillIn(element, cwd)));
            return copy;
        }
        return node;
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}
