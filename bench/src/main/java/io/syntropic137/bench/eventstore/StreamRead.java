package io.syntropic137.bench.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.RecordedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * W3: one long stream read fully, as loading an aggregate without a snapshot does. The raw JDBC read of the
 * same rows is shown next to it to tell the database's share from ours.
 */
final class StreamRead {
    private static final String STREAM = "w3-session-1";
    private static final int LOAD_BATCH = 100;

    record Result(double oursMedianMillis, double baselineMedianMillis, int events) {
    }

    private StreamRead() {
    }

    static Result run(BenchDatabase database, Settings settings, ToolCallEvents events) throws SQLException {
        int total = settings.w3Events();
        try (EventStore store = database.openStore()) {
            for (long version = 0; version < total; version += LOAD_BATCH) {
                int count = (int) Math.min(LOAD_BATCH, total - version);
                store.append(STREAM, ExpectedVersion.exactly(version), events.next(count)).orThrow();
            }
        }
        database.settle();
        try (EventStore store = database.openStore(); HikariDataSource pool = database.baselinePool(1)) {
            for (int i = 0; i < settings.w3WarmupRuns(); i++) {
                readOurs(store, total);
                readRaw(database, pool, total);
            }
            long[] ours = new long[settings.w3Runs()];
            long[] raw = new long[settings.w3Runs()];
            // interleaved, so a burst of load from elsewhere on the machine hits both sides alike
            for (int i = 0; i < settings.w3Runs(); i++) {
                long start = System.nanoTime();
                readOurs(store, total);
                ours[i] = System.nanoTime() - start;
                start = System.nanoTime();
                readRaw(database, pool, total);
                raw[i] = System.nanoTime() - start;
            }
            return new Result(Latencies.medianMillis(ours), Latencies.medianMillis(raw), total);
        }
    }

    private static void readOurs(EventStore store, int expected) {
        List<RecordedEvent> stream = store.readStreamForward(STREAM, 1, Integer.MAX_VALUE);
        if (stream.size() != expected || stream.getLast().streamVersion() != expected) {
            throw new IllegalStateException("W3 read " + stream.size() + " events, expected " + expected);
        }
    }

    private static void readRaw(BenchDatabase database, HikariDataSource pool, int expected) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + database.readColumns(true)
                     + " FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?")) {
            // the store's own query text and columns: the difference between the two columns is then only our mapping
            select.setString(1, STREAM);
            select.setLong(2, 1);
            select.setInt(3, Integer.MAX_VALUE);
            select.setFetchSize(expected);
            long sink = 0;
            int rows = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    sink += database.consumeRow(rs, true);
                    rows++;
                }
            }
            if (rows != expected || sink == 0) {
                throw new IllegalStateException("W3 raw read " + rows + " rows, expected " + expected);
            }
        }
    }
}
