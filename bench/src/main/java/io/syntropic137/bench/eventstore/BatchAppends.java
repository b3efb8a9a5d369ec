package io.syntropic137.bench.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** W2: one writer appending batches to fresh streams, against a raw JDBC batch insert of the same rows. */
final class BatchAppends {

    record Result(double oursEventsPerSecond, double baselineEventsPerSecond) {
    }

    private BatchAppends() {
    }

    /** Alternating rounds (ours, baseline, ours, ...), each after a warm-up, for the reason given in W1. */
    static Result run(BenchDatabase database, Settings settings, ToolCallEvents events) throws SQLException {
        int batch = settings.w2BatchSize();
        int perRound = settings.w2Events() / settings.w2Rounds() / batch;
        double oursSeconds = 0;
        double baselineSeconds = 0;
        for (int round = 1; round <= settings.w2Rounds(); round++) {
            String prefix = "w2-r" + round + "-";
            try (EventStore store = database.openStore()) {
                appendBatches(store, prefix + "warmup-", settings.w2WarmupEvents() / batch, batch, events);
                long start = System.nanoTime();
                appendBatches(store, prefix + "stream-", perRound, batch, events);
                oursSeconds += seconds(start);
            }
            database.settle();
            try (HikariDataSource pool = database.baselinePool(1); Connection connection = pool.getConnection()) {
                insertBatches(database, connection, prefix + "warmup-", settings.w2WarmupEvents() / batch, batch, events);
                long start = System.nanoTime();
                insertBatches(database, connection, prefix + "stream-", perRound, batch, events);
                baselineSeconds += seconds(start);
            }
            database.settle();
        }
        double total = (double) perRound * batch * settings.w2Rounds();
        return new Result(total / oursSeconds, total / baselineSeconds);
    }

    private static int appendBatches(EventStore store, String prefix, int count, int batch, ToolCallEvents events) {
        for (int i = 0; i < count; i++) {
            // the events are built inside the timed loop on both sides: same cost, and a real caller builds them too
            AppendOutcome outcome = store.append(prefix + i, ExpectedVersion.noStream(), events.next(batch));
            if (!(outcome instanceof AppendOutcome.Appended)) {
                throw new IllegalStateException("W2 append to a fresh stream was refused: " + outcome);
            }
        }
        return count;
    }

    private static int insertBatches(BenchDatabase database, Connection connection, String prefix, int count, int batch,
                                     ToolCallEvents events) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(database.baselineInsert())) {
            for (int i = 0; i < count; i++) {
                List<NewEvent> rows = events.next(batch);
                long now = Clock.micros();
                for (int v = 0; v < rows.size(); v++) {
                    database.bindBaselineRow(insert, prefix + i, v + 1, rows.get(v), now);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            }
        } finally {
            connection.setAutoCommit(true);
        }
        return count;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
