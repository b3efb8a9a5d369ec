package io.syntropic137.workflows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML or JSON text into a {@link Node} tree with locations, through Jackson's streaming parser (the YAML
 * parser reports lines and columns as well as the JSON one). A syntax error ends reading with one problem; a
 * key written twice in one mapping is a problem too (Jackson would silently keep the last one).
 */
final class NodeReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** {@code model:} with nothing after it means "not set" in YAML; Jackson would read it as an empty string. */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

    /** The tree (null when the text could not be parsed) and the problems met while reading it. */
    record Read(Node root, List<Problem> problems) {
    }

    private final String file;
    private final int lineOffset;
    private final List<Problem> problems = new ArrayList<>();

    private NodeReader(String file, int lineOffset) {
        this.file = file;
        this.lineOffset = lineOffset;
    }

    /**
     * @param file       the file name used in locations
     * @param lineOffset added to every line, for text cut out of a larger file (front matter)
     */
    static Read read(String text, String file, int lineOffset, boolean json) {
        NodeReader reader = new NodeReader(file, lineOffset);
        try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                reader.problems.add(new Problem(new Location(file, 1 + lineOffset, 1), "", "the document is empty",
                        "a mapping with at least id, name and phases"));
                return new Read(null, reader.problems);
            }
            Node root = reader.value(parser);
            if (parser.nextToken() != null) {
                // a second YAML document (after "---") would otherwise be dropped without a word
                reader.problems.add(new Problem(reader.at(parser.currentTokenLocation()), "",
                        "more than one document; everything after the first is not read", "one document"));
            }
            return new Read(root, reader.problems);
        } catch (JsonProcessingException e) {
            reader.problems.add(new Problem(reader.at(e.getLocation()), "",
                    "not valid " + (json ? "JSON" : "YAML") + ": " + summary(e.getOriginalMessage()), null));
            return new Read(null, reader.problems);
        } catch (IOException e) {
            // parsing an in-memory string: only a parser failure can land here
            reader.problems.add(new Problem(new Location(file, 1 + lineOffset, 1), "", "unreadable: " + e, null));
            return new Read(null, reader.problems);
        }
    }

    static boolean looksLikeJson(String text) {
        return text.stripLeading().startsWith("{");
    }

    private Node value(JsonParser parser) throws IOException {
        Location at = at(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> mapping(parser, at);
            case START_ARRAY -> list(parser, at);
            case VALUE_STRING -> new Node.Scalar(at, parser.getText(), false);
            case VALUE_NUMBER_INT -> new Node.Scalar(at, new BigDecimal(parser.getBigIntegerValue()), true);
            case VALUE_NUMBER_FLOAT -> new Node.Scalar(at, parser.getDecimalValue(), false);
            case VALUE_TRUE -> new Node.Scalar(at, Boolean.TRUE, false);
            case VALUE_FALSE -> new Node.Scalar(at, Boolean.FALSE, false);
            case VALUE_NULL -> new Node.Scalar(at, null, false);
            // YAML tags and binary values are not part of the format; keep their text so a type check reports them
            default -> new Node.Scalar(at, parser.getText(), false);
        };
    }

    private Node mapping(JsonParser parser, Location at) throws IOException {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Location keyAt = at(parser.currentTokenLocation());
            parser.nextToken();
            Node value = value(parser);
            Node.Entry earlier = entries.get(key);
            if (earlier != null) {
                problems.add(new Problem(keyAt, key, "'" + key + "' is written twice in this mapping; the first is at "
                        + earlier.keyLocation(), "each key once"));
                continue;
            }
            entries.put(key, new Node.Entry(keyAt, value));
        }
        return new Node.MapNode(at, entries);
    }

    private Node list(JsonParser parser, Location at) throws IOException {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(value(parser));
        }
        return new Node.ListNode(at, items);
    }

    private Location at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return new Location(file, 1 + lineOffset, 1);
        }
        return new Location(file, location.getLineNr() + lineOffset, Math.max(1, location.getColumnNr()));
    }

    /**
     * The parser's own words without its location lines and source excerpts (the problem has the location):
     * SnakeYAML writes "while parsing X", "in 'reader', line L, column C:", the excerpt indented, then "expected
     * Y, but got Z".
     */
    private static String summary(String message) {
        if (message == null) {
            return "syntax error";
        }
        List<String> lines = message.lines()
                .filter(line -> !line.isBlank() && !line.startsWith(" ") && !line.startsWith("\t"))
                .map(String::strip)
                .toList();
        return lines.isEmpty() ? message.strip() : String.join("; ", lines);
    }
}
