package io.syntropic137.application.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a record straight from the JSON text {@link JsonCodec} writes for it, without Jackson: no parser, no
 * deserialization context, no property buffer, a constructor call per record. Decoding events with Jackson was
 * 30-45 % of the projection threads' CPU while catching up (issue 4); this reader does the same work in a
 * fraction of it.
 *
 * <p>It only answers for text in exactly the shape the codec writes: an object holding every component once and
 * nothing else, each value of the token type the component's Java type is written as. Anything else (a missing or
 * unknown field, a number where text was written, a coercion Jackson would make, a value its constructor rejects)
 * makes {@link #read} return null and the caller decodes with Jackson, which then gives its own answer or its own
 * error. So whenever this reader answers, it answers what Jackson would ({@code RecordJsonReaderTest} checks that
 * on random events of every type, well-formed and mangled).
 *
 * <p>Supported component types: {@code String}, {@code int}/{@code long}/{@code double}/{@code boolean} and their
 * boxes, {@code BigDecimal}, {@link Instant} (the form {@link Instant#toString} writes, as
 * {@link IsoInstantDeserializer} reads it), enums (by name), {@code List<T>}, {@code Map<String, T>} and records
 * made of these. A record with any other component type is not read here at all ({@link #forRecord} is null).
 */
final class RecordJsonReader {
    /** Jackson's default limits ({@code StreamReadConstraints}): beyond them it fails, so this reader declines. */
    private static final int MAX_NUMBER_LENGTH = 1_000;
    private static final int MAX_STRING_LENGTH = 20_000_000;

    /** Signals text not in the codec's shape; preallocated and without a stack trace, as it is control flow. */
    private static final class NotCanonical extends RuntimeException {
        private static final NotCanonical INSTANCE = new NotCanonical();

        private NotCanonical() {
            super("not in the shape the codec writes", null, false, false);
        }
    }

    @FunctionalInterface
    private interface ValueReader {
        Object read(Cursor in);
    }

    private final RecordReader root;

    private RecordJsonReader(RecordReader root) {
        this.root = root;
    }

    /** A reader for {@code type}, or null when one of its components (at any depth) has an unsupported type. */
    static RecordJsonReader forRecord(Class<?> type) {
        RecordReader reader = recordReader(type);
        return reader == null ? null : new RecordJsonReader(reader);
    }

    /** The record {@code json} holds, or null when the text is not in the codec's shape (then ask Jackson). */
    Object read(String json) {
        try {
            Cursor in = new Cursor(json);
            in.skipWhitespace();
            if (in.peekRaw() != '{') {
                return null;
            }
            Object value = root.read(in);
            in.skipWhitespace();
            return in.atEnd() ? value : null;
        } catch (NotCanonical | NumberFormatException e) {
            // NumberFormatException: a BigDecimal exponent beyond int range. Jackson decodes it instead (see the
            // class comment) and gives its own answer or error
            return null;
        }
    }

    private static ValueReader reader(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (raw == List.class) {
                ValueReader element = reader(args[0]);
                return element == null ? null : in -> list(in, element);
            }
            if (raw == Map.class && args[0] == String.class) {
                ValueReader value = reader(args[1]);
                return value == null ? null : in -> map(in, value);
            }
            return null;
        }
        if (!(type instanceof Class<?> c)) {
            return null;
        }
        if (c == String.class) {
            return in -> in.nullOr() ? null : in.string();
        }
        if (c == int.class) {
            return RecordJsonReader::intValue;
        }
        if (c == Integer.class) {
            return in -> in.nullOr() ? null : intValue(in);
        }
        if (c == long.class) {
            return RecordJsonReader::longValue;
        }
        if (c == Long.class) {
            return in -> in.nullOr() ? null : longValue(in);
        }
        if (c == double.class) {
            return RecordJsonReader::doubleValue;
        }
        if (c == Double.class) {
            return in -> in.nullOr() ? null : doubleValue(in);
        }
        if (c == boolean.class) {
            return Cursor::bool;
        }
        if (c == Boolean.class) {
            return in -> in.nullOr() ? null : in.bool();
        }
        if (c == BigDecimal.class) {
            return in -> in.nullOr() ? null : new BigDecimal(in.number());
        }
        if (c == Instant.class) {
            return in -> in.nullOr() ? null : in.instant();
        }
        if (c.isEnum()) {
            Map<String, Object> byName = new HashMap<>();
            for (Object constant : c.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
            return in -> {
                if (in.nullOr()) {
                    return null;
                }
                Object constant = byName.get(in.string());
                if (constant == null) {
                    throw NotCanonical.INSTANCE;
                }
                return constant;
            };
        }
        if (c.isRecord()) {
            RecordReader record = recordReader(c);
            return record == null ? null : in -> in.nullOr() ? null : record.read(in);
        }
        return null;
    }

    private static RecordReader recordReader(Class<?> type) {
        if (!type.isRecord() || type.getTypeParameters().length > 0) {
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        if (components.length > 63) {
            return null; // the seen-set is one long
        }
        String[] names = new String[components.length];
        ValueReader[] readers = new ValueReader[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            types[i] = components[i].getType();
            readers[i] = reader(components[i].getGenericType());
            if (readers[i] == null) {
                return null;
            }
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return new RecordReader(names, readers, constructor);
        } catch (NoSuchMethodException | RuntimeException e) {
            return null; // no accessible canonical constructor: Jackson decodes this type
        }
    }

    /** Reads one record object: every component exactly once, no other field. */
    private record RecordReader(String[] names, ValueReader[] readers, Constructor<?> constructor) {
        Object read(Cursor in) {
            in.expect('{');
            Object[] args = new Object[names.length];
            long seen = 0;
            if (in.peek() == '}') {
                in.advance();
            } else {
                int guess = 0;
                while (true) {
                    int index = in.fieldName(names, guess);
                    long bit = 1L << index;
                    if ((seen & bit) != 0) {
                        throw NotCanonical.INSTANCE; // a duplicate: leave its meaning to Jackson
                    }
                    seen |= bit;
                    in.expect(':');
                    args[index] = readers[index].read(in);
                    guess = index + 1; // the codec writes components in order
                    char next = in.peek();
                    in.advance();
                    if (next == '}') {
                        break;
                    }
                    if (next != ',') {
                        throw NotCanonical.INSTANCE;
                    }
                }
            }
            if (Long.bitCount(seen) != names.length) {
                throw NotCanonical.INSTANCE; // Jackson would pass defaults for the missing ones
            }
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException | InstantiationException | IllegalAccessException | IllegalArgumentException e) {
                // the record rejected these values: Jackson reports that in its own terms
                throw NotCanonical.INSTANCE;
            }
        }
    }

    private static List<Object> list(Cursor in, ValueReader element) {
        if (in.nullOr()) {
            return null;
        }
        in.expect('[');
        List<Object> result = new ArrayList<>(); // what Jackson builds for a List
        if (in.peek() == ']') {
            in.advance();
            return result;
        }
        while (true) {
            result.add(element.read(in));
            char next = in.peek();
            in.advance();
            if (next == ']') {
                return result;
            }
            if (next != ',') {
                throw NotCanonical.INSTANCE;
            }
        }
    }

    private static Map<String, Object> map(Cursor in, ValueReader value) {
        if (in.nullOr()) {
            return null;
        }
        in.expect('{');
        Map<String, Object> result = new LinkedHashMap<>(); // what Jackson builds for a Map
        if (in.peek() == '}') {
            in.advance();
            return result;
        }
        while (true) {
            if (in.peek() != '"') {
                throw NotCanonical.INSTANCE;
            }
            String key = in.string();
            in.expect(':');
            if (result.containsKey(key)) {
                throw NotCanonical.INSTANCE; // a duplicate key: leave its meaning to Jackson
            }
            result.put(key, value.read(in));
            char next = in.peek();
            in.advance();
            if (next == '}') {
                return result;
            }
            if (next != ',') {
                throw NotCanonical.INSTANCE;
            }
        }
    }

    private static int intValue(Cursor in) {
        long value = longValue(in);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw NotCanonical.INSTANCE;
        }
        return (int) value;
    }

    private static long longValue(Cursor in) {
        return in.integral();
    }

    private static double doubleValue(Cursor in) {
        String text = in.number();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return Double.parseDouble(text);
            }
        }
        throw NotCanonical.INSTANCE; // the codec writes a double with a point or exponent; leave integers to Jackson
    }

    /** A position in the JSON text; every mismatch throws {@link NotCanonical}. */
    private static final class Cursor {
        private final String text;
        private final int length;
        private int at;

        Cursor(String text) {
            this.text = text;
            this.length = text.length();
        }

        boolean atEnd() {
            return at == length;
        }

        void skipWhitespace() {
            while (at < length) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                at++;
            }
        }

        char peekRaw() {
            if (at >= length) {
                throw NotCanonical.INSTANCE;
            }
            return text.charAt(at);
        }

        /** The next character after whitespace, not consumed. */
        char peek() {
            skipWhitespace();
            return peekRaw();
        }

        void advance() {
            at++;
        }

        void expect(char c) {
            if (peek() != c) {
                throw NotCanonical.INSTANCE;
            }
            at++;
        }

        /** Consumes a {@code null} literal if one is next. */
        boolean nullOr() {
            return literal("null");
        }

        boolean bool() {
            if (literal("true")) {
                return true;
            }
            if (literal("false")) {
                return false;
            }
            throw NotCanonical.INSTANCE;
        }

        private boolean literal(String word) {
            skipWhitespace();
            if (!text.startsWith(word, at)) {
                return false;
            }
            int end = at + word.length();
            if (end < length && Character.isLetterOrDigit(text.charAt(end))) {
                throw NotCanonical.INSTANCE; // e.g. "nullx": not a literal
            }
            at = end;
            return true;
        }

        /** The index of the field name next (trying {@code guess} first), or not canonical when none matches. */
        int fieldName(String[] names, int guess) {
            if (peek() != '"') {
                throw NotCanonical.INSTANCE;
            }
            int n = names.length;
            for (int k = 0; k < n; k++) {
                int i = (guess + k) % n;
                String name = names[i];
                int end = at + 1 + name.length();
                if (end < length && text.charAt(end) == '"' && text.startsWith(name, at + 1)) {
                    at = end + 1;
                    return i;
                }
            }
            // escapes in the name, or an unknown one
            String name = string();
            for (int i = 0; i < n; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            throw NotCanonical.INSTANCE;
        }

        String string() {
            expect('"');
            int start = at;
            while (at < length) {
                char c = text.charAt(at);
                if (c == '"') {
                    String value = text.substring(start, at);
                    at++;
                    return checked(value);
                }
                if (c == '\\') {
                    break;
                }
                if (c < 0x20) {
                    throw NotCanonical.INSTANCE; // Jackson rejects unescaped control characters
                }
                at++;
            }
            StringBuilder out = new StringBuilder(at - start + 16).append(text, start, at);
            while (true) {
                if (at >= length) {
                    throw NotCanonical.INSTANCE;
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return checked(out.toString());
                }
                if (c < 0x20) {
                    throw NotCanonical.INSTANCE;
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= length) {
                    throw NotCanonical.INSTANCE;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(hex4());
                    default -> throw NotCanonical.INSTANCE;
                }
            }
        }

        /**
         * An instant in the form {@link Instant#toString} writes, read in place. Any other text (another form, or
         * escapes) is not canonical: Jackson's own deserializer reads it.
         */
        Instant instant() {
            expect('"');
            int end = text.indexOf('"', at);
            Instant instant = end < 0 ? null : IsoInstantDeserializer.parse(text, at, end);
            if (instant == null) {
                throw NotCanonical.INSTANCE;
            }
            at = end + 1;
            return instant;
        }

        private static String checked(String value) {
            if (value.length() > MAX_STRING_LENGTH) {
                throw NotCanonical.INSTANCE;
            }
            return value;
        }

        private char hex4() {
            if (at + 4 > length) {
                throw NotCanonical.INSTANCE;
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(text.charAt(at++), 16);
                if (digit < 0) {
                    throw NotCanonical.INSTANCE;
                }
                value = value * 16 + digit;
            }
            return (char) value;
        }

        /**
         * The text of a JSON number ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}).
         */
        String number() {
            skipWhitespace();
            int start = at;
            if (at < length && text.charAt(at) == '-') {
                at++;
            }
            if (at >= length) {
                throw NotCanonical.INSTANCE;
            }
            char first = text.charAt(at);
            if (first == '0') {
                at++;
            } else if (first >= '1' && first <= '9') {
                digits();
            } else {
                throw NotCanonical.INSTANCE;
            }
            if (at < length && text.charAt(at) == '.') {
                at++;
                if (digits() == 0) {
                    throw NotCanonical.INSTANCE;
                }
            }
            if (at < length && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
                at++;
                if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                    at++;
                }
                if (digits() == 0) {
                    throw NotCanonical.INSTANCE;
                }
            }
            if (at < length && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                throw NotCanonical.INSTANCE;
            }
            String number = text.substring(start, at);
            if (number.length() > MAX_NUMBER_LENGTH) {
                throw NotCanonical.INSTANCE;
            }
            return number;
        }

        /**
         * A JSON integer of at most 18 digits (always within a long), read in place: a fraction, an exponent or more
         * digits are left to Jackson (its coercions, range checks and errors), as {@link #number} would.
         */
        long integral() {
            skipWhitespace();
            boolean negative = at < length && text.charAt(at) == '-';
            if (negative) {
                at++;
            }
            int start = at;
            long value = 0;
            while (at < length && at - start < 19) {
                char c = text.charAt(at);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                at++;
            }
            int count = at - start;
            if (count == 0 || count > 18 || (count > 1 && text.charAt(start) == '0')) {
                throw NotCanonical.INSTANCE;
            }
            if (at < length) {
                char next = text.charAt(at);
                if (next == '.' || next == 'e' || next == 'E' || Character.isLetterOrDigit(next)) {
                    throw NotCanonical.INSTANCE;
                }
            }
            return negative ? -value : value;
        }

        private int digits() {
            int start = at;
            while (at < length && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            return at - start;
        }
    }
}
