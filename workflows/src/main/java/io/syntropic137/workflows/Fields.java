package io.syntropic137.workflows;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, located access to the fields of one mapping. Every getter reports what is wrong with the field to the
 * shared problem list and returns null, so the caller carries on and the author sees every problem at once.
 * An explicit null ({@code model:} with nothing after it) counts as not written.
 */
final class Fields {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private final Node.MapNode map;
    private final String path;
    private final List<Problem> problems;

    Fields(Node.MapNode map, String path, List<Problem> problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    Node.MapNode map() {
        return map;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(Location at, String key, String message, String allowed) {
        problems.add(new Problem(at, path(key), message, allowed));
    }

    /** Reports every key not in {@code allowed}, with the closest allowed name as a suggestion. */
    void rejectUnknown(List<String> allowed) {
        map.entries().forEach((key, entry) -> {
            if (!allowed.contains(key)) {
                problem(entry.keyLocation(), key, "unknown field '" + key + "'" + Suggest.closest(key, allowed)
                        .map(s -> "; did you mean '" + s + "'?").orElse(""), String.join(", ", allowed));
            }
        });
    }

    boolean has(String key) {
        Node.Entry entry = map.entries().get(key);
        return entry != null && !(entry.value() instanceof Node.Scalar s && s.isNull());
    }

    Node value(String key) {
        return has(key) ? map.entries().get(key).value() : null;
    }

    Location keyLocation(String key) {
        Node.Entry entry = map.entries().get(key);
        return entry == null ? map.location() : entry.keyLocation();
    }

    Location valueLocation(String key) {
        Node value = value(key);
        return value == null ? keyLocation(key) : value.location();
    }

    void missing(String key, String allowed) {
        problem(map.location(), key, "missing required field '" + key + "'", allowed);
    }

    /** A string; a bare number or boolean is taken as its text (YAML reads {@code ref: 1.0} as a number). */
    String string(String key) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Node.Scalar s) {
            return s.text();
        }
        wrongType(key, value, "a string");
        return null;
    }

    String requiredString(String key, String allowed) {
        if (!has(key)) {
            missing(key, allowed);
            return null;
        }
        String text = string(key);
        if (text != null && text.isBlank()) {
            problem(valueLocation(key), key, "must not be blank", allowed);
            return null;
        }
        return text;
    }

    /** A string that must match {@code pattern}; {@code what} describes the pattern to the author. */
    String name(String key, Pattern pattern, String what, boolean required) {
        String text = required ? requiredString(key, what) : string(key);
        if (text != null && !pattern.matcher(text).matches()) {
            problem(valueLocation(key), key, "'" + text + "' is not a valid " + key, what);
            return null;
        }
        return text;
    }

    Integer integer(String key, long min) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        String allowed = "an integer >= " + min;
        if (!(value instanceof Node.Scalar s && s.value() instanceof BigDecimal number && s.integral())) {
            wrongType(key, value, allowed);
            return null;
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0) {
            problem(value.location(), key, "must be >= " + min + ", was " + number.toPlainString(), allowed);
            return null;
        }
        if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            problem(value.location(), key, "is too large: " + number.toPlainString(),
                    "an integer from " + min + " to " + Integer.MAX_VALUE);
            return null;
        }
        return number.intValueExact();
    }

    /** A number that must be greater than zero (a budget of zero or less could never be kept). */
    BigDecimal positiveDecimal(String key) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Node.Scalar s && s.value() instanceof BigDecimal number)) {
            wrongType(key, value, "a number > 0");
            return null;
        }
        if (number.signum() <= 0) {
            problem(value.location(), key, "must be > 0, was " + number.toPlainString(), "a number > 0");
            return null;
        }
        return number;
    }

    Boolean bool(String key) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Node.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        wrongType(key, value, "true or false");
        return null;
    }

    /** A list of strings (a bare number in it is taken as text); empty when the field is not written. */
    List<String> strings(String key) {
        List<Located<String>> located = locatedStrings(key);
        return located == null ? List.of() : located.stream().map(Located::value).toList();
    }

    /** The items of a list of strings with their locations, or null when absent or not a list of strings. */
    List<Located<String>> locatedStrings(String key) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Node.ListNode list)) {
            wrongType(key, value, "a list of strings");
            return null;
        }
        List<Located<String>> items = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            if (item instanceof Node.Scalar s && !s.isNull()) {
                items.add(new Located<>(s.text(), item.location()));
            } else {
                problems.add(new Problem(item.location(), path(key) + "[" + i + "]",
                        "expected a string, got " + item.kindName(), "a string"));
                ok = false;
            }
        }
        return ok ? items : null;
    }

    /** One of {@code allowed}, compared without regard to case; returned in lower case. */
    String choice(String key, List<String> allowed) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Node.Scalar s && s.value() instanceof String text)) {
            wrongType(key, value, "one of " + String.join(", ", allowed));
            return null;
        }
        String lower = text.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            problem(value.location(), key, "'" + text + "' is not a valid " + key
                    + Suggest.closest(lower, allowed).map(c -> "; did you mean '" + c + "'?").orElse(""),
                    String.join(", ", allowed));
            return null;
        }
        return lower;
    }

    /** A nested mapping, or null when absent or not a mapping. */
    Fields mapping(String key) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Node.MapNode nested) {
            return new Fields(nested, path(key), problems);
        }
        wrongType(key, value, "a mapping");
        return null;
    }

    Node.ListNode list(String key, String allowed) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Node.ListNode list) {
            return list;
        }
        wrongType(key, value, allowed);
        return null;
    }

    /** A duration: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or a bare integer of seconds. */
    Duration duration(String key) {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        String allowed = "a duration like 500ms, 5s, 2m or 1h, or a whole number of seconds";
        if (value instanceof Node.Scalar s && s.value() instanceof BigDecimal number && s.integral()) {
            if (number.signum() < 0) {
                problem(value.location(), key, "must not be negative, was " + number.toPlainString(), allowed);
                return null;
            }
            return Duration.ofSeconds(number.longValue());
        }
        if (value instanceof Node.Scalar s && s.value() instanceof String text) {
            Matcher m = DURATION.matcher(text.strip());
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            problem(value.location(), key, "'" + text + "' is not a duration", allowed);
            return null;
        }
        wrongType(key, value, allowed);
        return null;
    }

    private void wrongType(String key, Node value, String allowed) {
        problem(value.location(), key, "expected " + allowed + ", got " + value.kindName(), allowed);
    }

    /** A value and where it was written. */
    record Located<T>(T value, Location location) {
    }
}
