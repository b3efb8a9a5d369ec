package io.syntropic137.workflows;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers where it was written. Jackson's own tree forgets locations, and
 * every validation problem must name a line and column, so the definition is read into this tree instead.
 */
sealed interface Node {

    Location location();

    /** How the kind of value is named in messages, e.g. "a list". */
    String kindName();

    record Entry(Location keyLocation, Node value) {
    }

    record MapNode(Location location, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = new LinkedHashMap<>(entries);
        }

        @Override
        public String kindName() {
            return "a mapping";
        }
    }

    record ListNode(Location location, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A string, number, boolean or null; {@code value} is a String, BigDecimal or Boolean, or null. */
    record Scalar(Location location, Object value, boolean integral) implements Node {

        boolean isNull() {
            return value == null;
        }

        @Override
        public String kindName() {
            return switch (value) {
                case null -> "null";
                case String s -> "a string";
                case Boolean b -> "a boolean";
                case BigDecimal d -> integral ? "an integer" : "a decimal number";
                default -> "a value";
            };
        }

        /** The value as text, for string fields that also take a bare number or boolean (YAML's {@code ref: 1.0}). */
        String text() {
            return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        }
    }
}
