package io.syntropic137.projections.readmodels.support;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;

/**
 * One row's values in column order, collected by a table's {@code bindRow} and then bound to the upsert or written
 * as a line of PostgreSQL's COPY text. Every table's rows go through the same two loops here instead of each
 * {@code bindRow} inlining the driver's setters for its 15–26 columns: the JIT then compiles one small loop early
 * rather than a large method per table late (during a catch-up of a few seconds most of those ran profiled,
 * half-compiled, while the one C2 thread worked through them).
 */
final class RowValues {
    private static final byte NULL_TEXT = 0;
    private static final byte TEXT = 1;
    private static final byte NULL_NUMBER = 2;
    private static final byte NUMBER = 3;

    private byte[] kinds = new byte[32];
    private String[] texts = new String[32];
    private long[] numbers = new long[32];
    private int size;

    void clear() {
        size = 0;
    }

    void text(String value) {
        int i = next();
        if (value == null) {
            kinds[i] = NULL_TEXT;
        } else {
            kinds[i] = TEXT;
            texts[i] = value;
        }
    }

    void number(long value) {
        int i = next();
        kinds[i] = NUMBER;
        numbers[i] = value;
    }

    void nullNumber() {
        kinds[next()] = NULL_NUMBER;
    }

    private int next() {
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
            texts = Arrays.copyOf(texts, size * 2);
            numbers = Arrays.copyOf(numbers, size * 2);
        }
        return size++;
    }

    /** Binds the values as the statement's parameters 1..n. */
    void bind(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < size; i++) {
            switch (kinds[i]) {
                case TEXT -> statement.setString(i + 1, texts[i]);
                case NUMBER -> statement.setLong(i + 1, numbers[i]);
                case NULL_TEXT -> statement.setNull(i + 1, Types.VARCHAR);
                default -> statement.setNull(i + 1, Types.BIGINT);
            }
        }
    }

    /** Appends the values as one line of COPY text: tab-separated, {@code \N} for null, the line ended. */
    void copyLine(StringBuilder out) {
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append('\t');
            }
            switch (kinds[i]) {
                case TEXT -> copyText(out, texts[i]);
                case NUMBER -> out.append(numbers[i]);
                default -> out.append("\\N");
            }
        }
        out.append('\n');
    }

    /** COPY text escapes only the backslash and the characters that end a value or a row. */
    private static void copyText(StringBuilder out, String value) {
        int length = value.length();
        int plain = 0;
        while (plain < length && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        out.append(value, 0, plain); // most values have nothing to escape: one copy, not a char at a time
        for (int i = plain; i < length; i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    private static boolean needsEscape(char ch) {
        return ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r';
    }
}
