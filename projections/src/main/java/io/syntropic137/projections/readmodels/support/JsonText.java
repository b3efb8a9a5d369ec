package io.syntropic137.projections.readmodels.support;

import java.util.List;
import java.util.Map;

/**
 * JSON text of the column values most rows carry (lists of strings, maps of strings to strings) without
 * Jackson: writing them through the object mapper was 8 % of a PostgreSQL catch-up's projection CPU. The text
 * is what Jackson writes for the same value, character for character (JsonTextTest), so tables written before
 * and after compare equal. Anything else answers null and goes to Jackson.
 */
final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {
    }

    /** The JSON text of a list of strings or a map of strings to strings, else null. */
    static String ofStrings(Object value) {
        if (value instanceof List<?> list) {
            return stringList(list);
        }
        if (value instanceof Map<?, ?> map) {
            return stringMap(map);
        }
        return null;
    }

    private static String stringList(List<?> list) {
        StringBuilder out = new StringBuilder(16 + 16 * list.size()).append('[');
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item != null && !(item instanceof String)) {
                return null;
            }
            if (i > 0) {
                out.append(',');
            }
            string(out, (String) item);
        }
        return out.append(']').toString();
    }

    private static String stringMap(Map<?, ?> map) {
        StringBuilder out = new StringBuilder(16 + 32 * map.size()).append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            // Jackson refuses a null key by default, and writes other key types its own way
            if (!(entry.getKey() instanceof String key) || (entry.getValue() != null && !(entry.getValue() instanceof String))) {
                return null;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, key);
            out.append(':');
            string(out, (String) entry.getValue());
        }
        return out.append('}').toString();
    }

    /** A string as Jackson quotes it: quote, backslash and control characters escaped, everything else as is. */
    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch >= 0x20 && ch != '"' && ch != '\\') {
                out.append(ch);
                continue;
            }
            out.append('\\');
            switch (ch) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
            }
        }
        out.append('"');
    }
}
