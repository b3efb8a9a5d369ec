package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.domain.github.WebhookPayload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed webhook body behind the domain's {@link WebhookPayload}: dot paths with {@code [n]} indexes. */
final class JsonWebhookPayload implements WebhookPayload {
    private static final Pattern SEGMENT = Pattern.compile("([^\\[]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final JsonNode root;

    JsonWebhookPayload(JsonNode root) {
        this.root = root;
    }

    @Override
    public Optional<Value> at(String path) {
        JsonNode node = root;
        for (String segment : path.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches() || node == null) {
                return Optional.empty();
            }
            node = node.get(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (node != null && index.find()) {
                node = node.isArray() ? node.get(Integer.parseInt(index.group(1))) : null;
            }
        }
        return node == null || node.isNull() || node.isMissingNode() ? Optional.empty() : Optional.of(value(node));
    }

    private static Value value(JsonNode node) {
        if (node.isArray()) {
            List<Value> items = new ArrayList<>();
            node.forEach(item -> items.add(value(item)));
            return new Items(items);
        }
        if (node.isObject()) {
            return new Fields(node.size());
        }
        return new Scalar(node.asText());
    }
}
