package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server needs to know about a Messages API request body. Tolerant by design: Claude Code sends
 * {@code system} as a block list, messages with {@code role: "system"}, and content both as a string and as
 * a list of blocks.
 */
record ConversationView(JsonNode body) {

    private static final Pattern WORKING_DIRECTORY = Pattern.compile("Primary working directory: *([^\\r\\n]+)");

    String model() {
        JsonNode model = body.get("model");
        return model != null && model.isTextual() ? model.textValue() : "unknown-model";
    }

    boolean stream() {
        return body.path("stream").asBoolean(false);
    }

    /** The text and tool results of the last user message: what a turn's {@code match} is looked for in. */
    String lastUserText() {
        JsonNode messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                StringBuilder text = new StringBuilder();
                appendText(message.get("content"), text);
                return text.toString();
            }
        }
        return "";
    }

    /** The working directory the client announces in its environment block, for {@code {cwd}} in tool inputs. */
    Optional<String> workingDirectory() {
        Optional<String> fromSystem = findWorkingDirectory(body.get("system"));
        return fromSystem.isPresent() ? fromSystem : findWorkingDirectory(body.get("messages"));
    }

    /** A rough token count of the whole request (about four characters per token), for count_tokens. */
    long estimatedInputTokens() {
        StringBuilder text = new StringBuilder();
        appendText(body.get("system"), text);
        for (JsonNode message : body.path("messages")) appendText(message.get("content"), text);
        return Math.max(1, (text.length() + 3) / 4);
    }

    private static void appendText(JsonNode content, StringBuilder into) {
        if (content == null) return;
        if (content.isTextual()) {
            into.append(content.textValue()).append('\n');
        } else if (content.isArray()) {
            for (JsonNode block : content) appendText(block, into);
        } else if (content.isObject()) {
            // text blocks carry "text"; tool_result blocks carry "content" (a string or more blocks)
            if (content.get("text") instanceof JsonNode text && text.isTextual()) into.append(text.textValue()).append('\n');
            appendText(content.get("content"), into);
        }
    }

    private static Optional<String> findWorkingDirectory(JsonNode node) {
        if (node == null) return Optional.empty();
        StringBuilder text = new StringBuilder();
        if (node.isArray() && node.size() > 0 && node.get(0).has("role")) {
            for (JsonNode message : node) appendText(message.get("content"), text);
        } else {
            appendText(node, text);
        }
        Matcher matcher = WORKING_DIRECTORY.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1).strip()) : Optional.empty();
    }
}
