package io.syntropic137.bench.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.RecordedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * W4: a new projection catching up from position 0 over the whole log, paging through {@code readAll}, against
 * one raw JDBC scan of the same rows and columns in position order.
 */
final class CatchUp {
    private static final int LOAD_BATCH = 500;
    private static final int LOADERS = 4;

    record Result(double oursEventsPerSecond, double baselineEventsPerSecond, List<Double> oursRuns,
                  List<Double> baselineRuns, double loadSeconds) {
    }

    private CatchUp() {
    }

    static Result run(BenchDatabase database, Settings settings, ToolCallEvents events) throws Exception {
        int total = settings.w4Events();
        long loadStart = System.nanoTime();
        try (EventStore store = database.openStore()) {
            load(store, total, events);
        }
        database.settle();
        double loadSeconds = BatchAppends.seconds(loadStart);

        List<Double> ours = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        try (EventStore store = database.openStore(); HikariDataSource pool = database.baselinePool(1)) {
            readOurs(store, settings.w4PageSize(), settings.w4WarmupEvents());
            scanRaw(database, pool, settings.w4PageSize(), settings.w4WarmupEvents());
            // alternating, best of the runs: a stray burst of load from elsewhere on the machine does not decide the ratio
            // and each side goes first in turn, since the first full pass after the load finds colder caches
            for (int run = 0; run < settings.w4Runs(); run++) {
                if (run % 2 == 0) {
                    baseline.add(timeRaw(database, pool, settings.w4PageSize(), total));
                    ours.add(timeOurs(store, settings.w4PageSize(), total));
                } else {
                    ours.add(timeOurs(store, settings.w4PageSize(), total));
                    baseline.add(timeRaw(database, pool, settings.w4PageSize(), total));
                }
            }
        }
        return new Result(max(ours), max(baseline), ours, baseline, loadSeconds);
    }

    private static double timeOurs(EventStore store, int pageSize, int total) {
        long start = System.nanoTime();
        return check(readOurs(store, pageSize, total), total) / BatchAppends.seconds(start);
    }

    private static double timeRaw(BenchDatabase database, HikariDataSource pool, int fetchSize, int total) throws SQLException {
        long start = System.nanoTime();
        return check(scanRaw(database, pool, fetchSize, total), total) / BatchAppends.seconds(start);
    }

    /** Several loaders so group commit fills its batches; the load is not timed. */
    private static void load(EventStore store, int total, ToolCallEvents events) throws Exception {
        int appends = (total + LOAD_BATCH - 1) / LOAD_BATCH;
        try (ExecutorService loaders = Executors.newFixedThreadPool(LOADERS)) {
            List<Future<?>> work = new ArrayList<>();
            for (int loader = 0; loader < LOADERS; loader++) {
                int first = loader;
                work.add(loaders.submit(() -> {
                    for (int i = first; i < appends; i += LOADERS) {
                        int count = Math.min(LOAD_BATCH, total - i * LOAD_BATCH);
                        store.append("w4-session-" + i, ExpectedVersion.noStream(), events.next(count)).orThrow();
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        }
    }

    private static long readOurs(EventStore store, int pageSize, int limit) {
        long after = 0;
        long read = 0;
        long sink = 0;
        while (read < limit) {
            List<RecordedEvent> page = store.readAll(after, (int) Math.min(pageSize, limit - read));
            for (RecordedEvent event : page) {
                if (event.position() <= after) {
                    throw new IllegalStateException("W4 readAll went backwards at position " + event.position());
                }
                sink += event.data().length();
                after = event.position();
            }
            read += page.size();
            if (page.size() < pageSize) {
                break;
            }
        }
        return sink > 0 ? read : -1;
    }

    private static long scanRaw(BenchDatabase database, HikariDataSource pool, int fetchSize, int limit) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            // PostgreSQL streams with a cursor only inside a transaction; without one it would load all rows into memory
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + database.readColumns(false) + " FROM events WHERE position > ? ORDER BY position LIMIT ?")) {
                select.setLong(1, 0);
                select.setInt(2, limit);
                select.setFetchSize(fetchSize);
                long sink = 0;
                long rows = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        sink += database.consumeRow(rs, false);
                        rows++;
                    }
                }
                connection.commit();
                return sink != 0 ? rows : -1;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static long check(long read, int expected) {
        if (read != expected) {
            throw new IllegalStateException("W4 read " + read + " events, expected " + expected);
        }
        return read;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
