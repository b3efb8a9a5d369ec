package io.syntropic137.projections.readmodels.support;

import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reads columns in order; the counterpart of {@link Binder}. */
public final class RowReader {
    private final ResultSet rs;
    private int index = 1;

    public RowReader(ResultSet rs) {
        this.rs = rs;
    }

    public String text() throws SQLException {
        return rs.getString(index++);
    }

    public long number() throws SQLException {
        return rs.getLong(index++);
    }

    public Long optionalNumber() throws SQLException {
        long value = rs.getLong(index++);
        return rs.wasNull() ? null : value;
    }

    public int integer() throws SQLException {
        return Math.toIntExact(number());
    }

    public boolean bool() throws SQLException {
        return rs.getLong(index++) != 0;
    }

    public Instant instant() throws SQLException {
        Long millis = optionalNumber();
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    public BigDecimal money() throws SQLException {
        String text = text();
        return text == null ? null : new BigDecimal(text);
    }

    public TokenUsage tokens() throws SQLException {
        return new TokenUsage(number(), number(), number(), number());
    }

    public <E extends Enum<E>> E name(Class<E> type) throws SQLException {
        String text = text();
        return text == null ? null : Enum.valueOf(type, text);
    }
}
