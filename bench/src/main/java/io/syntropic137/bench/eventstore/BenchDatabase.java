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
    String BASELINE_INSERT = "INSERT INTO " + BASELINE_TABLE + " (stream_id, stream_version, event_id, type, schema_version, "
            + "data, correlation_id, causation_id, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    String COLUMNS = "position, stream_id, stream_version, event_id, type, schema_version, data, correlation_id, "
            + "causation_id, actor, recorded_at";

    /** Our store on this database, as the product opens it. The caller closes it. */
    EventStore openStore();

    /** Plain pooled connections for a baseline, with the durability settings our store uses. The caller closes it. */
    HikariDataSource baselinePool(int connections);

    /** Binds the ten parameters of {@link #BASELINE_INSERT}; the database allocates the position. */
    void bindBaselineRow(PreparedStatement insert, String streamId, long version, NewEvent event, long recordedAtMicros)
            throws SQLException;

    /**
     * Reads every column of the current row the way a raw JDBC consumer would and returns a value derived from
     * them, so the work cannot be optimized away.
     */
    long consumeRow(ResultSet row) throws SQLException;

    /** Flushes and tidies what earlier writes left behind, so a timed run does not pay for the previous one. */
    void settle();

    /** Server or file, version, settings that matter for the figures. */
    String describe();

    @Override
    void close();
}
