package io.syntropic137.bench.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.NewEvent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A fresh, throwaway database of one backend. It holds our store's tables and {@value #BASELINE_TABLE}, a copy
 * of the {@code events} table's columns, constraints and indexes, so the naive JDBC baselines write rows of the
 * same shape into the same database as our store.
 */
public interface BenchDatabase extends AutoCloseable {
    String BASELINE_TABLE = "baseline_events";

    /** Our store on this database, as the product opens it. The caller closes it. */
    EventStore openStore();

    /** Plain pooled connections for a baseline, with the durability settings our store uses. The caller closes it. */
    HikariDataSource baselinePool(int connections);

    /** The naive baselines' INSERT into {@value #BASELINE_TABLE}: every column but the position, in this backend's shape. */
    String baselineInsert();

    /** Binds the parameters of {@link #baselineInsert()}; the database allocates the position. */
    void bindBaselineRow(PreparedStatement insert, String streamId, long version, NewEvent event, long recordedAtMicros)
            throws SQLException;

    /**
     * The columns of {@code events} our store selects for a stream read ({@code streamRead}, W3) or a global read
     * (W4), so a raw baseline reads exactly what the store reads, from the same table.
     */
    String readColumns(boolean streamRead);

    /**
     * Reads every column of {@link #readColumns(boolean)} in the current row the way a raw JDBC consumer would (the
     * getter that matches each column's type) and returns a value derived from them, so the work cannot be
     * optimized away.
     */
    long consumeRow(ResultSet row, boolean streamRead) throws SQLException;

    /** Flushes and tidies what earlier writes left behind, so a timed run does not pay for the previous one. */
    void settle();

    /** Server or file, version, settings that matter for the figures. */
    String describe();

    @Override
    void close();
}
