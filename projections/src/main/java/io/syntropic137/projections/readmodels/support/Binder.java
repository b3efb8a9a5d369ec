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
 */
public final class Binder {
    private final PreparedStatement statement;
    private int index;

    public Binder(PreparedStatement statement) {
        this(statement, 1);
    }

    public Binder(PreparedStatement statement, int firstIndex) {
        this.statement = statement;
        this.index = firstIndex;
    }

    public Binder text(String value) throws SQLException {
        if (value == null) {
            statement.setNull(index++, Types.VARCHAR);
        } else {
            statement.setString(index++, value);
        }
        return this;
    }

    public Binder number(long value) throws SQLException {
        statement.setLong(index++, value);
        return this;
    }

    public Binder optionalNumber(Long value) throws SQLException {
        if (value == null) {
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
