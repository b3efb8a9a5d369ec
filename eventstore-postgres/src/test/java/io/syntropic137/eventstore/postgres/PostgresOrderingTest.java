package io.syntropic137.eventstore.postgres;

import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.EventStoreException;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The global-order promise under the conditions that break naive stores: a writer whose transaction stays
 * open for seconds, a writer that rolls back, several store instances and a second OS process writing at once.
 * In every case a reader paging by position must see each committed event exactly once, in increasing order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresOrderingTest {
    private PostgresTestDatabase database;

    @BeforeAll
    void createDatabase() {
        database = PostgresTestDatabase.create("syn_es_ordering");
        try (var store = PostgresEventStore.open(config())) {
            assertThat(store.headPosition()).isZero(); // migrates
        }
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    private PostgresEventStoreConfig config() {
        return PostgresEventStoreConfig.of(database.jdbcUrl(), database.user(), database.password()).withPoolSize(3);
    }

    /** Pages through the store by position until stopped, recording every position it returns. */
    private static final class TailingReader implements AutoCloseable {
        final List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger reads = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        TailingReader(EventStore store, long after, String prefix) {
            thread = Thread.ofPlatform().start(() -> {
                long position = after;
                boolean drained = false;
                while (!drained) {
                    boolean last = stop.get();
                    List<RecordedEvent> page = store.readAll(position, 200, EventFilter.streamPrefix(prefix));
                    reads.incrementAndGet();
                    for (RecordedEvent event : page) {
                        seen.add(event.position());
                        position = event.position();
                    }
                    drained = last && page.isEmpty();
                    if (page.isEmpty()) {
                        sleep(2);
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(60_000);
        }
    }

    private static String prefix() {
        return "ord" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<Long> allPositions(EventStore store, long after, String prefix) {
        return store.readAll(after, 1_000_000, EventFilter.streamPrefix(prefix)).stream().map(RecordedEvent::position).toList();
    }

    private static Thread writer(EventStore store, String stream, AtomicBoolean stop, AtomicInteger appended) {
        return Thread.ofVirtual().start(() -> {
            long version = 0;
            while (!stop.get()) {
                store.append(stream, ExpectedVersion.exactly(version), List.of(NewEvent.of("Tick", "{}"))).orThrow();
                version++;
                appended.incrementAndGet();
            }
        });
    }

    @Test
    void aTransactionHeldOpenForSecondsNeverLetsAReaderSkipTheEventsItWrites() throws Exception {
        String prefix = prefix();
        AtomicBoolean slowNext = new AtomicBoolean();
        CountDownLatch slowInserted = new CountDownLatch(1);
        var slowConfig = config().withBeforeCommit(rows -> {
            if (slowNext.compareAndSet(true, false)) {
                slowInserted.countDown();
                Thread.sleep(2_000); // rows inserted, lock held, not committed
            }
        });
        try (EventStore slow = PostgresEventStore.open(slowConfig);
             EventStore other1 = PostgresEventStore.open(config());
             EventStore other2 = PostgresEventStore.open(config());
             EventStore readerStore = PostgresEventStore.open(config())) {
            long start = readerStore.headPosition();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger appended = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            TailingReader reader = new TailingReader(readerStore, start, prefix);
            try (reader) {
                for (int i = 0; i < 4; i++) {
                    writers.add(writer(other1, prefix + "-a" + i, stop, appended));
                    writers.add(writer(other2, prefix + "-b" + i, stop, appended));
                }
                Thread.sleep(300);
                slowNext.set(true);
                AtomicLong slowPosition = new AtomicLong();
                Thread slowWriter = Thread.ofVirtual().start(() -> slowPosition.set(
                        slow.append(prefix + "-slow", ExpectedVersion.noStream(), List.of(NewEvent.of("Slow", "{}")))
                                .orThrow().firstPosition()));
                assertThat(slowInserted.await(10, TimeUnit.SECONDS)).isTrue();
                // appends that committed before the slow one took the lock may still be returning to their callers
                // (on a loaded machine, for tens of milliseconds); they are not appends that got past the lock
                Thread.sleep(250);
                int readsBefore = reader.reads.get();
                long appendedBefore = appended.get();
                Thread.sleep(1_000);
                // readers are never blocked by an open writer; other writers wait for the ordering lock
                assertThat(reader.reads.get() - readsBefore).isGreaterThan(10);
                assertThat(appended.get() - appendedBefore).isLessThanOrEqualTo(2);
                slowWriter.join(10_000);
                // keep the others writing until enough events exist to check the order over; a loaded machine
                // may need longer than a fixed sleep gives
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (appended.get() < 150 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                stop.set(true);
                for (Thread w : writers) {
                    w.join(10_000);
                }
                List<Long> committedAfterSlow = readerStore.readAll(slowPosition.get(), 1_000_000, EventFilter.streamPrefix(prefix))
                        .stream().map(RecordedEvent::position).toList();
                assertThat(committedAfterSlow).isNotEmpty(); // the others went on once it committed
            }
            List<Long> expected = allPositions(readerStore, start, prefix);
            assertThat(expected).hasSizeGreaterThan(100);
            // the reader saw each event once, in increasing order, and skipped nothing that exists now
            assertThat(reader.seen).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aWriterThatRollsBackLeavesNothingForAReaderToSkip() throws Exception {
        String prefix = prefix();
        AtomicInteger batches = new AtomicInteger();
        var failingConfig = config().withBeforeCommit(rows -> {
            if (batches.incrementAndGet() % 3 == 0) {
                throw new IllegalStateException("simulated failure before commit");
            }
        });
        try (EventStore failing = PostgresEventStore.open(failingConfig);
             EventStore healthy = PostgresEventStore.open(config());
             EventStore readerStore = PostgresEventStore.open(config())) {
            long start = readerStore.headPosition();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger appended = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            TailingReader reader = new TailingReader(readerStore, start, prefix);
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                writers.add(writer(healthy, prefix + "-h" + i, stop, appended));
                String stream = prefix + "-f" + i;
                writers.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try {
                            failing.append(stream, ExpectedVersion.any(), List.of(NewEvent.of("Maybe", "{}"))).orThrow();
                        } catch (EventStoreException e) {
                            assertThat(e).hasMessageContaining("simulated failure before commit");
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            Thread.sleep(2_000);
            stop.set(true);
            for (Thread w : writers) {
                w.join(10_000);
            }
            reader.close();
            assertThat(failed.get()).isPositive();
            List<Long> expected = allPositions(readerStore, start, prefix);
            assertThat(reader.seen).containsExactlyElementsOf(expected);
            assertThat(expected).doesNotHaveDuplicates().isSorted();
        }
    }

    @Test
    void aLongUnrelatedTransactionDoesNotHoldReadersBack() throws Exception {
        try (EventStore store = PostgresEventStore.open(config());
             Connection longRunning = database.connect()) {
            longRunning.setAutoCommit(false);
            try (Statement statement = longRunning.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS unrelated (x int)");
                statement.execute("INSERT INTO unrelated VALUES (1)"); // holds a transaction id, stays open
            }
            long head = store.headPosition();
            String stream = "unrelated-" + UUID.randomUUID();
            store.append(stream, ExpectedVersion.noStream(), List.of(NewEvent.of("Visible", "{}"))).orThrow();
            assertThat(store.readAll(head, 10, EventFilter.streamPrefix(stream))).hasSize(1);
            longRunning.rollback();
        }
    }

    @Test
    void writersInASecondOperatingSystemProcessInterleaveWithoutAReaderSkipping() throws Exception {
        String prefix = prefix();
        try (EventStore store = PostgresEventStore.open(config())) {
            long start = store.headPosition();
            TailingReader reader = new TailingReader(store, start, prefix);
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    OrderingWriterProcess.class.getName(), database.jdbcUrl(), database.user(), database.password(),
                    prefix + "-child", "8", "60")
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "ordering-child.log").toFile())
                    .start();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger appended = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(writer(store, prefix + "-parent" + i, stop, appended));
            }
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child process finished").isTrue();
            assertThat(child.exitValue()).as("child exit code; see target/ordering-child.log").isZero();
            stop.set(true);
            for (Thread w : writers) {
                w.join(10_000);
            }
            reader.close();
            List<Long> expected = allPositions(store, start, prefix);
            assertThat(store.readAll(start, 1_000_000, EventFilter.streamPrefix(prefix + "-child"))).hasSize(8 * 60);
            assertThat(appended.get()).isPositive();
            assertThat(reader.seen).containsExactlyElementsOf(expected);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
