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
 * The same binding can instead collect a row's values ({@link #into}) to be bound or copied afterwards.
 */
public final class Binder {
    private final PreparedStatement statement;
    /** When not null, values are collected here instead of bound (see RowValues). */
    private final RowValues values;
    private int index;

    public Binder(PreparedStatement statement) {
        this(statement, 1);
    }

    public Binder(PreparedStatement statement, int firstIndex) {
        this.statement = statement;
        this.values = null;
        this.index = firstIndex;
    }

    private Binder(RowValues values) {
        this.statement = null;
        this.values = values;
    }

    /** A binder collecting one row's values into {@code values}. */
    static Binder into(RowValues values) {
        return new Binder(values);
    }

    public Binder text(String value) throws SQLException {
        if (values != null) {
            values.text(value);
        } else if (value == null) {
            statement.setNull(index++, Types.VARCHAR);
        } else {
            statement.setString(index++, value);
        }
        return this;
    }

    public Binder number(long value) throws SQLException {
        if (values != null) {
            values.number(value);
        } else {
            statement.setLong(index++, value);
        }
        return this;
    }

    public Binder optionalNumber(Long value) throws SQLException {
        if (values != null) {
            if (value == null) {
                values.nullNumber();
            } else {
                values.number(value);
            }
        } else if (value == null) {
            statement.setNull(index++, Types.BIGINT);
        } else {
            statement.setLong(index++, value);
        }
        return this;
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
