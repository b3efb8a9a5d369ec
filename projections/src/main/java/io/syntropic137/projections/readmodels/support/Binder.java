package io.syntropic137.projections.readmodels.support;

import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Binds parameters in order, so a row's bind method lists its values in the same order as its columns.
 * Instants are stored as epoch milliseconds (sortable on both backends), money as exact decimal text.
 * The same binding can instead append the row as a line of PostgreSQL's COPY text format ({@link #copyLine}).
 */
public final class Binder {
    private final PreparedStatement statement;
    /** When not null, values go here as one line of COPY text (tab-separated, \N for null) instead. */
    private final StringBuilder copy;
    private int index;

    public Binder(PreparedStatement statement) {
        this(statement, 1);
    }

    public Binder(PreparedStatement statement, int firstIndex) {
        this.statement = statement;
        this.copy = null;
        this.index = firstIndex;
    }

    private Binder(StringBuilder copy) {
        this.statement = null;
        this.copy = copy;
        this.index = 1;
    }

    /** A binder appending one row to {@code out} in COPY's text format; the caller ends the line. */
    static Binder copyLine(StringBuilder out) {
        return new Binder(out);
    }

    public Binder text(String value) throws SQLException {
        if (copy != null) {
            copyText(value);
        } else if (value == null) {
            statement.setNull(index++, Types.VARCHAR);
        } else {
            statement.setString(index++, value);
        }
        return this;
    }

    public Binder number(long value) throws SQLException {
        if (copy != null) {
            separate().append(value);
        } else {
            statement.setLong(index++, value);
        }
        return this;
    }

    public Binder optionalNumber(Long value) throws SQLException {
        if (copy != null) {
            if (value == null) {
                separate().append("\\N");
            } else {
                separate().append(value.longValue());
            }
        } else if (value == null) {
            statement.setNull(index++, Types.BIGINT);
        } else {
            statement.setLong(index++, value);
        }
        return this;
    }

    private StringBuilder separate() {
        if (index++ > 1) {
            copy.append('\t');
        }
        return copy;
    }

    /** COPY text escapes only the backslash and the characters that end a value or a row. */
    private void copyText(String value) {
        StringBuilder out = separate();
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
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

    public Binder bool(boolean value) throws SQLException {
        return number(value ? 1 : 0);
    }

    public Binder instant(Instant value) throws SQLException {
        return optionalNumber(value == null ? null : value.toEpochMilli());
    }

    public Binder money(BigDecimal value) throws SQLException {
        return text(value == null ? null : value.toPlainString());
    }

    public Binder tokens(TokenUsage tokens) throws SQLException {
        TokenUsage t = tokens == null ? TokenUsage.NONE : tokens;
        return number(t.input()).number(t.output()).number(t.cacheCreation()).number(t.cacheRead());
    }

    public <E extends Enum<E>> Binder name(E value) throws SQLException {
        return text(value == null ? null : value.name());
    }

    public int nextIndex() {
        return index;
    }
}
