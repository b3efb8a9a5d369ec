package io.syntropic137.bench.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

/** W1: many writers, each appending one event at a time to its own stream with the exact expected version. */
final class ConcurrentAppends {

    record Figures(double eventsPerSecond, double p50Millis, double p99Millis, long events, long errors, String firstError) {
        static Figures of(TimedWriters.Result result) {
            return new Figures(result.perSecond(), result.latencies().percentileMillis(50),
                    result.latencies().percentileMillis(99), result.operations(), result.errors(), result.firstError());
        }
    }

    record Result(Figures ours, Figures baseline) {
    }

    private ConcurrentAppends() {
    }

    static Result run(BenchDatabase database, Settings settings, ToolCallEvents events) throws Exception {
        Figures ours;
        try (EventStore store = database.openStore()) {
            ours = Figures.of(TimedWriters.run(settings.w1Writers(), settings.w1Warmup(), settings.w1Duration(),
                    i -> oursWriter(store, "w1-writer-" + i, events)));
        }
        database.settle();
        Figures baseline;
        try (HikariDataSource pool = database.baselinePool(settings.w1Writers())) {
            baseline = Figures.of(TimedWriters.run(settings.w1Writers(), settings.w1Warmup(), settings.w1Duration(),
                    i -> baselineWriter(database, pool, "w1-writer-" + i, events)));
        }
        return new Result(ours, baseline);
    }

    private static TimedWriters.Writer oursWriter(EventStore store, String streamId, ToolCallEvents events) {
        long[] version = {0};
        return () -> {
            AppendOutcome outcome = store.append(streamId, ExpectedVersion.exactly(version[0]), List.of(events.next()));
            if (!(outcome instanceof AppendOutcome.Appended)) {
                throw new IllegalStateException("unexpected " + outcome);
            }
            version[0]++;
        };
    }

    /** The naive way: borrow a pooled connection, one INSERT in autocommit, the unique key guards the version. */
    private static TimedWriters.Writer baselineWriter(BenchDatabase database, HikariDataSource pool, String streamId,
                                                      ToolCallEvents events) {
        long[] version = {0};
        return () -> {
            NewEvent event = events.next();
            try (Connection connection = pool.getConnection();
                 PreparedStatement insert = connection.prepareStatement(BenchDatabase.BASELINE_INSERT)) {
                database.bindBaselineRow(insert, streamId, version[0] + 1, event, Clock.micros());
                insert.executeUpdate();
            }
            version[0]++;
        };
    }
}
