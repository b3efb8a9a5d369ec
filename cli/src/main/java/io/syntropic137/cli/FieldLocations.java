package io.syntropic137.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonLocation;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of a YAML or JSON document is written, by the field path the server's problems use
 * ({@code phases[1].model}). Needed because a package whose prompt files were inlined is sent as a different
 * text: the server's line numbers refer to that text, the user needs them in the files they wrote.
 */
final class FieldLocations {
    private final Map<String, SourceLocation> byPath = new HashMap<>();
    private final Map<String, SourceLocation> keys = new HashMap<>();

    /** Locations of every field of {@code text}; a text that does not parse yields none (the server reports why). */
    static FieldLocations of(String text, JsonFactory factory, String file, int firstLine) {
        FieldLocations locations = new FieldLocations();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonStreamContext context = parser.getParsingContext();
                JsonLocation at = parser.currentTokenLocation();
                SourceLocation here = new SourceLocation(file, at.getLineNr() + firstLine - 1, at.getColumnNr());
                String path = fieldPath(context.pathAsPointer());
                if (token == JsonToken.FIELD_NAME) {
                    locations.keys.put(path, here);
                }
                if (token.isScalarValue()) {
                    locations.byPath.put(path, here); // a value's problems are reported at the value
                } else {
                    locations.byPath.putIfAbsent(path, here); // a container: where its key (or item) starts
                }
            }
        } catch (IOException e) {
            // broken syntax: nothing to map; the server's problems for it are reported at the document's start
            locations.byPath.putIfAbsent("", new SourceLocation(file, firstLine, 1));
        }
        locations.byPath.putIfAbsent("", new SourceLocation(file, firstLine, 1));
        return locations;
    }

    /** {@code /phases/0/model} → {@code phases[0].model}. */
    static String fieldPath(JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) {
                path.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(p.getMatchingProperty());
            }
        }
        return path.toString();
    }

    /** Where the key of {@code path} is written (problems about the key itself), else {@link #find}. */
    SourceLocation findKey(String path) {
        SourceLocation key = keys.get(path);
        return key != null ? key : find(path);
    }

    /** Adds another document's locations under {@code prefix} (a prompt file's front matter under its phase). */
    void putAll(String prefix, FieldLocations other) {
        other.byPath.forEach((path, at) -> byPath.put(path.isEmpty() ? prefix : prefix + "." + path, at));
    }

    void put(String path, SourceLocation at) {
        byPath.put(path, at);
    }

    /** The location of {@code path}, or of its nearest written ancestor (a missing field is reported at its mapping). */
    SourceLocation find(String path) {
        String p = path == null ? "" : path;
        while (true) {
            SourceLocation at = byPath.get(p);
            if (at != null || p.isEmpty()) {
                return at == null ? byPath.get("") : at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }
}
