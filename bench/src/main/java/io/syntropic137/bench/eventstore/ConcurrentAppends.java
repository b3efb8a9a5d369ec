package io.syntropic137.bench.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** W1: many writers, each appending one event at a time to its own stream with the exact expected version. */
final class ConcurrentAppends {

    record Figures(double eventsPerSecond, double p50Millis, double p99Millis, long events, long errors, String firstError) {
        static Figures of(TimedWriters.Result result) {
            return new Figures(result.perSecond(), result.latencies().percentileMillis(50),
                    result.latencies().percentileMillis(99), result.operations(), result.errors(), result.firstError());
        }
    }

    record Result(Figures ours, Figures baseline, List<Double> oursRounds, List<Double> baselineRounds) {
    }

    private ConcurrentAppends() {
    }

    /**
     * The timed duration is split into alternating rounds (ours, baseline, ours, ...), each after its own warm-up,
     * so a burst of load from elsewhere on a shared machine cannot land on one side only.
     */
    static Result run(BenchDatabase database, Settings settings, ToolCallEvents events) throws Exception {
        Duration slice = settings.w1Duration().dividedBy(settings.w1Rounds());
        TimedWriters.Result ours = TimedWriters.Result.NONE;
        TimedWriters.Result baseline = TimedWriters.Result.NONE;
        List<Double> oursRounds = new ArrayList<>();
        List<Double> baselineRounds = new ArrayList<>();
        for (int round = 1; round <= settings.w1Rounds(); round++) {
            String prefix = "w1-r" + round + "-writer-";
            try (EventStore store = database.openStore()) {
                TimedWriters.Result thisRound = TimedWriters.run(settings.w1Writers(), settings.w1Warmup(), slice,
                        i -> oursWriter(store, prefix + i, events));
                oursRounds.add(thisRound.perSecond());
                ours = ours.plus(thisRound);
            }
            database.settle();
            try (HikariDataSource pool = database.baselinePool(settings.w1Writers())) {
                TimedWriters.Result thisRound = TimedWriters.run(settings.w1Writers(), settings.w1Warmup(), slice,
                        i -> baselineWriter(database, pool, prefix + i, events));
                baselineRounds.add(thisRound.perSecond());
                baseline = baseline.plus(thisRound);
            }
            database.settle();
        }
        return new Result(Figures.of(ours), Figures.of(baseline), oursRounds, baselineRounds);
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
                 PreparedStatement insert = connection.prepareStatement(database.baselineInsert())) {
                database.bindBaselineRow(insert, streamId, version[0] + 1, event, Clock.micros());
                insert.executeUpdate();
            }
            version[0]++;
        };
    }
}
