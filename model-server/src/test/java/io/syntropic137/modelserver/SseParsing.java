package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** Test helper: reads a {@code text/event-stream} body back into events, strictly, so framing mistakes fail. */
final class SseParsing {

    record Event(String event, JsonNode data) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SseParsing() {
    }

    static List<Event> parse(String stream) {
        List<Event> events = new ArrayList<>();
        if (stream.isEmpty()) return events;
        if (!stream.endsWith("\n\n")) throw new AssertionError("the stream does not end with a blank line: " + tail(stream));
        for (String frame : stream.substring(0, stream.length() - 2).split("\n\n", -1)) {
            String[] lines = frame.split("\n", -1);
            if (lines.length != 2 || !lines[0].startsWith("event: ") || !lines[1].startsWith("data: ")) {
                throw new AssertionError("not an 'event:' line plus one 'data:' line: " + frame);
            }
            String name = lines[0].substring("event: ".length());
            JsonNode data;
            try {
                data = MAPPER.readTree(lines[1].substring("data: ".length()));
            } catch (Exception e) {
                throw new AssertionError("data is not JSON: " + lines[1], e);
            }
            if (!name.equals(data.path("type").asText())) {
                throw new AssertionError("event name " + name + " differs from data type " + data.path("type"));
            }
            events.add(new Event(name, data));
        }
        return events;
    }

    /** Rebuilds the content blocks from start/delta events, the way an API client does. */
    static List<JsonNode> contentOf(List<Event> events) {
        List<JsonNode> blocks = new ArrayList<>();
        List<StringBuilder> accumulated = new ArrayList<>();
        for (Event event : events) {
            switch (event.event()) {
                case "content_block_start" -> {
                    if (event.data().get("index").asInt() != blocks.size()) throw new AssertionError("block index out of order: " + event);
                    blocks.add(event.data().get("content_block").deepCopy());
                    accumulated.add(new StringBuilder());
                }
                case "content_block_delta" -> {
                    JsonNode delta = event.data().get("delta");
                    String piece = delta.has("text") ? delta.get("text").asText() : delta.get("partial_json").asText();
                    accumulated.get(event.data().get("index").asInt()).append(piece);
                }
                default -> {
                }
            }
        }
        for (int i = 0; i < blocks.size(); i++) {
            var block = (com.fasterxml.jackson.databind.node.ObjectNode) blocks.get(i);
            if (block.get("type").asText().equals("tool_use")) {
                try {
                    block.set("input", MAPPER.readTree(accumulated.get(i).toString()));
                } catch (Exception e) {
                    throw new AssertionError("tool input deltas do not form JSON: " + accumulated.get(i), e);
                }
            } else {
                block.put("text", accumulated.get(i).toString());
            }
        }
        return blocks;
    }

    private static String tail(String text) {
        return text.length() < 200 ? text : text.substring(text.length() - 200);
    }
}
