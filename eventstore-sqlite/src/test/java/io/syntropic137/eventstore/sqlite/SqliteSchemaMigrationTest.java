package io.syntropic137.eventstore.sqlite;

import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.Causation;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventMetadata;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A file an older build wrote (schema version 1, one column per field) is read the same after V2 rebuilt it. */
class SqliteSchemaMigrationTest {
    @TempDir
    Path directory;

    /** Rows as the version 1 store wrote them, with the values we expect to read back. */
    private static List<RecordedEvent> writeVersionOne(Path file) throws SQLException {
        List<RecordedEvent> rows = List.of(
                new RecordedEvent(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), "order-1", 1, 1, "OrderPlaced", 1,
                        "{\"total\":12}", new EventMetadata("corr-1", "cmd-1", "user:ann", micros(1_732_500_000_123_456L))),
                new RecordedEvent(UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"), "order-1", 2, 2, "OrderShipped", 3,
                        "{\"note\":\"Grüße, 日本 \\u0000\"}", new EventMetadata(null, null, null, micros(0))),
                new RecordedEvent(UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), "user-ü", 1, 3, "UserRenamed", 2,
                        "{}", new EventMetadata("", "ça—va", null, micros(-1_000_001L))),
                new RecordedEvent(UUID.fromString("00000000-0000-0000-0000-000000000000"), "order-1", 3, 4, "OrderPlaced", 1,
                        "{\"x\":[1,2,3]}", new EventMetadata("c".repeat(70_000), null, "agent:claude", micros(1_732_500_000_000_001L))));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            SqliteSchema.migrate(c, 1);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO events (position, stream_id, stream_version, event_id, "
                    + "type, schema_version, data, correlation_id, causation_id, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RecordedEvent e : rows) {
                    insert.setLong(1, e.position());
                    insert.setString(2, e.streamId());
                    insert.setLong(3, e.streamVersion());
                    insert.setString(4, e.eventId().toString());
                    insert.setString(5, e.type());
                    insert.setInt(6, e.schemaVersion());
                    insert.setString(7, e.data());
                    insert.setString(8, e.metadata().correlationId());
                    insert.setString(9, e.metadata().causationId());
                    insert.setString(10, e.metadata().actor());
                    Instant at = e.metadata().recordedAt();
                    insert.setLong(11, at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
                    insert.executeUpdate();
                }
            }
            assertThat(userVersion(c)).isEqualTo(1);
        }
        return rows;
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void versionOneRowsReadBackUnchangedAfterTheMigration() throws SQLException {
        Path file = directory.resolve("old.db");
        List<RecordedEvent> rows = writeVersionOne(file);
        try (SqliteEventStore store = SqliteEventStore.open(SqliteEventStoreConfig.of(file))) {
            assertThat(store.readAll(0, 100, EventFilter.ALL)).containsExactlyElementsOf(rows);
            assertThat(store.readStreamForward("order-1", 1, 100)).containsExactly(rows.get(0), rows.get(1), rows.get(3));
            assertThat(store.readStreamBackward("order-1", 2, 100)).containsExactly(rows.get(1), rows.get(0));
            assertThat(store.readAll(0, 100, EventFilter.types("UserRenamed"))).containsExactly(rows.get(2));
            assertThat(store.streamVersion("order-1")).isEqualTo(3);

            // the migrated 16-byte event ids are what the idempotency lookup finds: re-sending an old id stores nothing
            RecordedEvent old = rows.get(0);
            AppendOutcome again = store.append("order-1", ExpectedVersion.any(), List.of(new NewEvent(old.eventId(), old.type(),
                    old.schemaVersion(), old.data(), new Causation("corr-1", "cmd-1", "user:ann"))));
            assertThat(again).isInstanceOfSatisfying(AppendOutcome.Appended.class, a -> assertThat(a.alreadyStored()).isTrue());

            // and new events follow on in the new shape
            NewEvent next = new NewEvent(UUID.randomUUID(), "OrderPaid", 1, "{\"paid\":true}", new Causation(null, "cmd-9", "user:bob"));
            store.append("order-1", ExpectedVersion.exactly(3), List.of(next)).orThrow();
            RecordedEvent read = store.readStreamForward("order-1", 4, 1).getFirst();
            assertThat(read.eventId()).isEqualTo(next.eventId());
            assertThat(read.position()).isEqualTo(5);
            assertThat(read.metadata().correlationId()).isNull();
            assertThat(read.metadata().causationId()).isEqualTo("cmd-9");
            assertThat(read.metadata().actor()).isEqualTo("user:bob");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(userVersion(c)).isEqualTo(2);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'events_v1'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the old table is gone").isZero();
            }
        }
    }

    /** Two processes opening an old file at once: the second must see the first's migration, not run it again. */
    @Test
    void concurrentOpenersMigrateOnce() throws Exception {
        Path file = directory.resolve("race.db");
        List<RecordedEvent> rows = writeVersionOne(file);
        int openers = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> work = new ArrayList<>();
        for (int i = 0; i < openers; i++) {
            work.add(() -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file + "?busy_timeout=10000")) {
                    start.await();
                    SqliteSchema.migrate(c);
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(openers)) {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : work) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get();
            }
        }
        try (SqliteEventStore store = SqliteEventStore.open(SqliteEventStoreConfig.of(file))) {
            assertThat(store.readAll(0, 100, EventFilter.ALL)).containsExactlyElementsOf(rows);
        }
    }
}
