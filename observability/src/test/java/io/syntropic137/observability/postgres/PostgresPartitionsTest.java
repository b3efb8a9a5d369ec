package io.syntropic137.observability.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.RecentQuery;
import io.syntropic137.observability.RetentionResult;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TestEvents;
import io.syntropic137.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Partitions and retention on the real PostgreSQL, each test on a fresh database. */
class PostgresPartitionsTest {
    private PostgresTestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = PostgresTestDatabase.create("syn_telemetry_parts");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private PostgresTelemetryStore open() {
        return PostgresTelemetryStore.open(PostgresTelemetryConfig.of(database.jdbcUrl(), database.user(), database.password()));
    }

    private static TelemetryEvent at(Instant time, String note) {
        ObjectNode data = TestEvents.data();
        data.put("note", note);
        return TestEvents.event(time, "error", "e", "s", null, data);
    }

    private static Instant day(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private long rowsIn(String table) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM ONLY " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void opensWithTodaysAndTheNextDaysPartitionsAndCreatesOthersOnDemand() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (PostgresTelemetryStore store = open()) {
            assertThat(store.partitionDays()).containsExactly(today, today.plusDays(1), today.plusDays(2), today.plusDays(3));

            LocalDate old = today.minusDays(40);
            LocalDate far = today.plusDays(30);
            assertThat(store.write(List.of(at(day(old, 23), "old"), at(day(far, 0), "far"), at(day(today, 12), "today")))).isEqualTo(3);
            assertThat(store.partitionDays()).contains(old, far);
            // each row landed in its day's partition: the bounds are UTC days
            assertThat(rowsIn(Partitions.name(old))).isEqualTo(1);
            assertThat(rowsIn(Partitions.name(far))).isEqualTo(1);
            assertThat(rowsIn(Partitions.name(today))).isEqualTo(1);

            store.createPartitionsAhead(today.plusDays(10));
            assertThat(store.partitionDays()).contains(today.plusDays(13));
        }
    }

    @Test
    void twoStoresCreatingTheSamePartitionsAtOnceBothSucceed() throws Exception {
        LocalDate base = LocalDate.now(ZoneOffset.UTC).minusDays(200);
        try (PostgresTelemetryStore first = open(); PostgresTelemetryStore second = open()) {
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> results = new ArrayList<>();
            for (PostgresTelemetryStore store : List.of(first, second)) {
                String who = store == first ? "first" : "second";
                results.add(pool.submit((Callable<Integer>) () -> {
                    List<TelemetryEvent> batch = new ArrayList<>();
                    for (int d = 0; d < 15; d++) {
                        batch.add(at(day(base.plusDays(d), 6), who + d));
                    }
                    start.await();
                    return store.write(batch);
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(15);
            }
            pool.shutdown();
            assertThat(first.partitionDays()).contains(base, base.plusDays(14));
            assertThat(first.count()).isEqualTo(30);
        }
    }

    @Test
    void retentionDropsWholePartitionsOlderThanTheCutoffAndKeepsTheRest() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (PostgresTelemetryStore store = open()) {
            List<TelemetryEvent> events = new ArrayList<>();
            for (int age : new int[]{120, 91, 90, 89, 1, 0}) {
                events.add(at(day(today.minusDays(age), 1), "age " + age));
                events.add(at(day(today.minusDays(age), 22), "age " + age + " late"));
            }
            store.write(events);

            Instant cutoff = day(today.minusDays(90), 0); // 90 days of retention: the day 90 days ago is kept whole
            RetentionResult result = store.dropOlderThan(cutoff);

            assertThat(result.droppedPartitions()).containsExactlyInAnyOrder(
                    Partitions.name(today.minusDays(120)), Partitions.name(today.minusDays(91)));
            assertThat(store.partitionDays()).doesNotContain(today.minusDays(120), today.minusDays(91))
                    .contains(today.minusDays(90), today.minusDays(89), today);
            assertThat(store.count()).isEqualTo(8);
            assertThat(store.recent(RecentQuery.latest(100)).events()).allSatisfy(e -> assertThat(e.time()).isAfterOrEqualTo(cutoff));

            // a late event for a dropped day is still accepted: its partition comes back on demand
            assertThat(store.write(List.of(at(day(today.minusDays(120), 5), "late arrival")))).isEqualTo(1);
        }
    }

    @Test
    void aPartitionDroppedBehindTheStoresBackIsRecreatedOnWrite() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (PostgresTelemetryStore store = open(); PostgresTelemetryStore other = open()) {
            store.write(List.of(at(day(today.minusDays(100), 1), "a")));
            other.dropOlderThan(day(today.minusDays(50), 0)); // another process runs retention
            assertThat(store.write(List.of(at(day(today.minusDays(100), 2), "b")))).isEqualTo(1);
            assertThat(store.count()).isEqualTo(1);
        }
    }
}
