package io.syntropic137.projections;

import io.syntropic137.eventstore.AppendOutcome.Appended;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection runtime's promises, on real storage; one subclass per backend. */
abstract class ProjectionRuntimeContract {
    protected EventStore store;
    protected ReadModelDatabase database;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** A store and a read-model database on fresh storage for one test. */
    protected abstract void openStorage();

    /** A second read-model database on the same storage, standing in for another node. */
    protected abstract ReadModelDatabase openSecondDatabase();

    protected abstract void dropStorage();

    @BeforeEach
    void open() {
        openStorage();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        database.close();
        store.close();
        dropStorage();
    }

    private ProjectionManager manager(ReadModelDatabase db, Projection... projections) throws SQLException {
        return manager(store, db, projections);
    }

    private ProjectionManager manager(EventStore eventStore, ReadModelDatabase db, Projection... projections) throws SQLException {
        ProjectionManager manager = new ProjectionManager(eventStore, db, List.of(projections), 100, new io.syntropic137.projections.cache.InProcessQueryCache(10_000));
        closeables.add(manager);
        manager.start();
        return manager;
    }

    private long appendMixed(String prefix, int streams, int eventsPerStream) {
        long last = 0;
        String[] types = {"Started", "Progressed", "Finished"};
        for (int s = 0; s < streams; s++) {
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < eventsPerStream; i++) {
                events.add(NewEvent.of(types[i % types.length], "{\"i\":" + i + "}"));
            }
            Appended appended = store.append(prefix + "-" + s, ExpectedVersion.any(), events).orThrow();
            last = appended.lastPosition();
            store.append("noise-" + UUID.randomUUID(), ExpectedVersion.any(), List.of(NewEvent.of("Noise", "{}"))).orThrow();
        }
        return last;
    }

    private Map<String, String> contents(ReadModelDatabase db, ProjectionManager manager, StreamActivityProjection p) throws SQLException {
        ProjectionTables tables = manager.tables(p.name());
        return db.read(c -> {
            Map<String, String> rows = new TreeMap<>();
            try (var s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT stream_id, events, last_type, last_position FROM " + tables.of(p.name() + "_streams"))) {
                while (rs.next()) {
                    rows.put("stream " + rs.getString(1), rs.getLong(2) + " " + rs.getString(3) + " " + rs.getLong(4));
                }
            }
            try (var s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT type, events FROM " + tables.of(p.name() + "_types"))) {
                while (rs.next()) {
                    rows.put("type " + rs.getString(1), Long.toString(rs.getLong(2)));
                }
            }
            return rows;
        });
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Map<String, String> expected(String prefix, int streams, int eventsPerStream, boolean upper) {
        Map<String, String> rows = new TreeMap<>();
        String[] types = {"Started", "Progressed", "Finished"};
        long[] typeCounts = new long[3];
        for (int i = 0; i < eventsPerStream; i++) {
            typeCounts[i % 3] += streams;
        }
        for (int t = 0; t < 3; t++) {
            if (typeCounts[t] > 0) {
                rows.put("type " + types[t], Long.toString(typeCounts[t]));
            }
        }
        String lastType = types[(eventsPerStream - 1) % 3];
        for (int s = 0; s < streams; s++) {
            rows.put("stream " + prefix + "-" + s, eventsPerStream + " " + (upper ? lastType.toUpperCase() : lastType));
        }
        return rows;
    }

    private static Map<String, String> withoutPositions(Map<String, String> rows) {
        Map<String, String> result = new TreeMap<>();
        rows.forEach((k, v) -> result.put(k, k.startsWith("stream ") ? v.substring(0, v.lastIndexOf(' ')) : v));
        return result;
    }

    @Test
    void appliesEveryMatchingEventExactlyOnceAndServesReadYourWrites() throws Exception {
        var projection = new StreamActivityProjection("activity", 1, "acct");
        long last = appendMixed("acct", 20, 7);
        ProjectionManager manager = manager(database, projection);
        assertThat(manager.awaitPosition("activity", last, Duration.ofSeconds(30))).isTrue();
        assertThat(withoutPositions(contents(database, manager, projection))).isEqualTo(expected("acct", 20, 7, false));

        Appended next = store.append("acct-0", ExpectedVersion.any(), List.of(NewEvent.of("Started", "{}"))).orThrow();
        assertThat(manager.awaitPosition("activity", next.lastPosition(), Duration.ofSeconds(5))).isTrue();
        assertThat(contents(database, manager, projection)).containsEntry("stream acct-0", "8 Started " + next.lastPosition());
        ProjectionStatus status = manager.status().getFirst();
        assertThat(status.state()).isEqualTo(ProjectionStatus.State.LIVE);
        assertThat(status.position()).isGreaterThanOrEqualTo(next.lastPosition());
    }

    @Test
    void aRebuildFromZeroEqualsTheIncrementallyBuiltModelAndSwapsWithoutDowntime() throws Exception {
        var projection = new StreamActivityProjection("rebuilt", 1, "reb");
        ProjectionManager manager = manager(database, projection);
        long last = 0;
        for (int round = 0; round < 5; round++) { // built incrementally, while it runs
            last = appendMixed("reb" , 10, 3);
        }
        assertThat(manager.awaitPosition("rebuilt", last, Duration.ofSeconds(30))).isTrue();
        Map<String, String> incremental = contents(database, manager, projection);
        long before = manager.tables("rebuilt").generation();

        projection.delayMillisPerEvent = 2; // a rebuild that takes a while
        long generation = manager.rebuild("rebuilt");
        assertThat(generation).isGreaterThan(before);
        // queries keep answering from the old generation meanwhile
        assertThat(manager.tables("rebuilt").generation()).isEqualTo(before);
        assertThat(contents(database, manager, projection)).isEqualTo(incremental);
        eventually(() -> manager.tables("rebuilt").generation() == generation, "swap to the rebuilt generation");
        projection.delayMillisPerEvent = 0;
        assertThat(contents(database, manager, projection)).isEqualTo(incremental);
        eventually(() -> {
            try {
                return !database.read(c -> tableExists(c, new ProjectionTables("rebuilt", before).of("rebuilt_streams")));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "the old generation's tables are dropped");
    }

    private static boolean tableExists(java.sql.Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    @Test
    void aNewVersionIsBuiltInTheShadowWhileTheOldTablesKeepServing() throws Exception {
        var v1 = new StreamActivityProjection("versioned", 1, "ver");
        long last = appendMixed("ver", 10, 4);
        ProjectionManager first = manager(database, v1);
        assertThat(first.awaitPosition("versioned", last, Duration.ofSeconds(30))).isTrue();
        Map<String, String> old = contents(database, first, v1);
        first.close();

        var v2 = new StreamActivityProjection("versioned", 2, "ver");
        v2.delayMillisPerEvent = 3;
        ProjectionManager second = manager(database, v2);
        assertThat(second.status().getFirst().state()).isEqualTo(ProjectionStatus.State.WAITING_FOR_REBUILD);
        assertThat(contents(database, second, v2)).isEqualTo(old); // still the v1 data, not an empty table
        assertThat(second.awaitPosition("versioned", last, Duration.ofSeconds(30))).isTrue();
        assertThat(withoutPositions(contents(database, second, v2))).isEqualTo(expected("ver", 10, 4, true));
    }

    @Test
    void aFailingProjectionRetriesVisiblyWhileTheOthersKeepGoing() throws Exception {
        var healthy = new StreamActivityProjection("healthy", 1, "fail");
        var failing = new StreamActivityProjection("failing", 1, "fail");
        failing.failOn = e -> e.streamId().equals("fail-3");
        long last = appendMixed("fail", 6, 2);
        ProjectionManager manager = manager(database, healthy, failing);

        assertThat(manager.awaitPosition("healthy", last, Duration.ofSeconds(30))).isTrue();
        eventually(() -> manager.status().get(1).consecutiveFailures() >= 2, "the failing projection retries");
        ProjectionStatus stuck = manager.status().get(1);
        assertThat(stuck.state()).isEqualTo(ProjectionStatus.State.FAILING);
        assertThat(stuck.lastError()).hasValueSatisfying(e -> assertThat(e).contains("cannot handle"));
        assertThat(stuck.position()).isLessThan(last);
        assertThat(stuck.lag()).isPositive();

        failing.failOn = e -> false; // the bug is fixed
        assertThat(manager.awaitPosition("failing", last, Duration.ofSeconds(60))).isTrue();
        assertThat(withoutPositions(contents(database, manager, failing))).isEqualTo(expected("fail", 6, 2, false));
    }

    @Test
    void aBatchAbortedHalfWayIsRolledBackWithItsCheckpointSoNothingIsAppliedTwice() throws Exception {
        var projection = new StreamActivityProjection("aborted", 1, "abort");
        long last = appendMixed("abort", 30, 5); // 150 matching events: pages of 100
        int[] failuresLeft = {1};
        projection.failOn = e -> {
            // fail once, deep inside the first page, after many rows of that page were written
            if (e.streamId().equals("abort-12") && failuresLeft[0] > 0) {
                failuresLeft[0]--;
                return true;
            }
            return false;
        };
        ProjectionManager manager = manager(database, projection);
        assertThat(manager.awaitPosition("aborted", last, Duration.ofSeconds(30))).isTrue();
        assertThat(failuresLeft[0]).isZero();
        assertThat(withoutPositions(contents(database, manager, projection))).isEqualTo(expected("abort", 30, 5, false));
    }

    @Test
    void twoNodesRunningTheSameProjectionNeverApplyABatchTwice() throws Exception {
        var onNodeA = new StreamActivityProjection("shared", 1, "node");
        var onNodeB = new StreamActivityProjection("shared", 1, "node");
        ReadModelDatabase secondDatabase = openSecondDatabase();
        closeables.add(secondDatabase);
        ProjectionManager a = manager(database, onNodeA);
        ProjectionManager b = manager(secondDatabase, onNodeB);
        long last = 0;
        for (int i = 0; i < 10; i++) {
            last = appendMixed("node", 10, 3);
        }
        assertThat(a.awaitPosition("shared", last, Duration.ofSeconds(30))).isTrue();
        eventually(() -> {
            try {
                return contents(database, a, onNodeA).equals(contents(secondDatabase, b, onNodeB));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "both nodes see the same model");
        Map<String, String> expected = new TreeMap<>();
        expected.put("type Started", "100");
        expected.put("type Progressed", "100");
        expected.put("type Finished", "100");
        for (int s = 0; s < 10; s++) {
            expected.put("stream node-" + s, "30 Finished");
        }
        assertThat(withoutPositions(contents(database, a, onNodeA))).isEqualTo(expected);
    }

    @Test
    void projectionsCatchingUpTogetherReadTheLogOnceBetweenThem() throws Exception {
        StreamActivityProjection[] projections = new StreamActivityProjection[6];
        long last = 0;
        for (int p = 0; p < projections.length; p++) {
            projections[p] = new StreamActivityProjection("shared" + p, 1, "sh" + p + "x");
            last = Math.max(last, appendMixed("sh" + p + "x", 20, 10)); // 220 events each with the noise: 13 pages
        }
        CountingEventStore counting = new CountingEventStore(store);
        ProjectionManager manager = manager(counting, database, projections);
        for (StreamActivityProjection p : projections) {
            assertThat(manager.awaitPosition(p.name(), last, Duration.ofSeconds(30))).isTrue();
        }
        for (int p = 0; p < projections.length; p++) {
            assertThat(withoutPositions(contents(database, manager, projections[p]))).isEqualTo(expected("sh" + p + "x", 20, 10, false));
        }
        // six runners reading on their own would cover the log six times
        assertThat(counting.positionsScanned.get()).isLessThanOrEqualTo(store.headPosition());
    }

    @Test
    void aProjectionCatchingUpAloneAppliesFullBatchesNotOnePagePerTransaction() throws Exception {
        // 64 pages of 100 events, one of which this projection reads: it applies them faster than the feed
        // reads them, so without waiting for a batch to fill it would commit once per page
        long last = 0;
        for (int page = 0; page < 64; page++) {
            last = store.append("sparse-" + page, ExpectedVersion.any(), List.of(NewEvent.of("Started", "{}"))).orThrow().lastPosition();
            List<NewEvent> noise = new ArrayList<>();
            for (int i = 0; i < 99; i++) {
                noise.add(NewEvent.of("Noise", "{}"));
            }
            store.append("noise-" + page, ExpectedVersion.any(), noise).orThrow();
        }
        var sparse = new StreamActivityProjection("sparse", 1, "sparse-");
        ProjectionManager manager = manager(database, sparse);
        assertThat(manager.awaitPosition(sparse.name(), last, Duration.ofSeconds(30))).isTrue();
        assertThat(sparse.applied.get()).isEqualTo(64);
        // 16 pages per batch: 4 batches; a few more if the feed was slow to fill one within the wait
        assertThat(sparse.batches.get()).isLessThanOrEqualTo(12);
    }

    @Test
    void projectionsAtDifferentPositionsAreFedFromTheirOwnCheckpoints() throws Exception {
        var early = new StreamActivityProjection("early", 1, "pos");
        appendMixed("pos", 20, 3);
        ProjectionManager first = manager(database, early);
        assertThat(first.awaitPosition("early", store.headPosition(), Duration.ofSeconds(30))).isTrue();
        first.close();

        long last = appendMixed("pos", 20, 3);
        var resumed = new StreamActivityProjection("early", 1, "pos");
        var late = new StreamActivityProjection("late", 1, "pos"); // new: starts at 0 while "early" resumes mid-log
        ProjectionManager second = manager(database, resumed, late);
        assertThat(second.awaitPosition("early", last, Duration.ofSeconds(30))).isTrue();
        assertThat(second.awaitPosition("late", last, Duration.ofSeconds(30))).isTrue();
        assertThat(resumed.applied.get()).isEqualTo(60); // only what was appended after its checkpoint
        assertThat(withoutPositions(contents(database, second, resumed))).isEqualTo(expected("pos", 20, 6, false));
        assertThat(withoutPositions(contents(database, second, late))).isEqualTo(expected("pos", 20, 6, false));
    }

    @Test
    void oneFailingProjectionStaysBehindWhileTheOthersKeepFollowingNewEvents() throws Exception {
        var healthy = new StreamActivityProjection("steady", 1, "adv");
        var failing = new StreamActivityProjection("stuck", 1, "adv");
        failing.failOn = e -> e.streamId().equals("adv-2");
        long first = appendMixed("adv", 6, 2);
        ProjectionManager manager = manager(database, healthy, failing);
        assertThat(manager.awaitPosition("steady", first, Duration.ofSeconds(30))).isTrue();
        eventually(() -> manager.status().get(1).consecutiveFailures() >= 1, "the failing projection fails");

        long later = 0;
        for (int round = 0; round < 5; round++) { // live appends after the failure, each followed by the healthy one
            later = appendMixed("adv", 6, 2);
            assertThat(manager.awaitPosition("steady", later, Duration.ofSeconds(10))).isTrue();
        }
        ProjectionStatus stuck = manager.status().get(1);
        assertThat(stuck.state()).isEqualTo(ProjectionStatus.State.FAILING);
        assertThat(stuck.position()).isLessThan(first);
        assertThat(manager.status().get(0).state()).isEqualTo(ProjectionStatus.State.LIVE);

        failing.failOn = e -> false;
        assertThat(manager.awaitPosition("stuck", later, Duration.ofSeconds(60))).isTrue();
        assertThat(contents(database, manager, healthy)).containsEntry("type Started", "36").containsEntry("type Progressed", "36");
        assertThat(withoutPositions(contents(database, manager, healthy))).containsEntry("stream adv-0", "12 Progressed");
        assertThat(contents(database, manager, failing)).isEqualTo(contents(database, manager, healthy));
    }

    @Test
    void aRebuildFromZeroDoesNotHoldUpTheLiveProjections() throws Exception {
        var live = new StreamActivityProjection("follower", 1, "rl");
        var rebuilt = new StreamActivityProjection("rebuilding", 1, "rl");
        ProjectionManager manager = manager(database, live, rebuilt);
        long last = 0;
        for (int round = 0; round < 5; round++) {
            last = appendMixed("rl", 50, 4);
        }
        assertThat(manager.awaitPosition("follower", last, Duration.ofSeconds(30))).isTrue();
        assertThat(manager.awaitPosition("rebuilding", last, Duration.ofSeconds(30))).isTrue();
        long before = manager.tables("rebuilding").generation();

        // 1,000 events: a rebuild of at least 10 s in transactions of up to 100 events (1 s)
        rebuilt.delayMillisPerEvent = 10;
        long generation = manager.rebuild("rebuilding");
        for (int round = 0; round < 2; round++) {
            long next = appendMixed("rl", 2, 1);
            // on SQLite a live batch may wait for one rebuild transaction (1 s here) to release the file
            assertThat(manager.awaitPosition("follower", next, Duration.ofSeconds(5))).isTrue();
            // the live generation of the projection being rebuilt follows too: queries keep seeing new events
            assertThat(manager.awaitPosition("rebuilding", next, Duration.ofSeconds(5))).isTrue();
            last = next;
        }
        assertThat(manager.tables("rebuilding").generation()).isEqualTo(before); // still rebuilding meanwhile
        eventually(() -> manager.tables("rebuilding").generation() == generation, "swap to the rebuilt generation");
        rebuilt.delayMillisPerEvent = 0;
        assertThat(manager.awaitPosition("rebuilding", last, Duration.ofSeconds(30))).isTrue();
        assertThat(contents(database, manager, rebuilt)).isEqualTo(contents(database, manager, live));
    }

    @Test
    void withLeasesOneOfTwoNodesRunsTheProjectionAndTheOtherTakesOverWhenItStops() throws Exception {
        var onNodeA = new StreamActivityProjection("leased", 1, "lease");
        var onNodeB = new StreamActivityProjection("leased", 1, "lease");
        ReadModelDatabase secondDatabase = openSecondDatabase();
        closeables.add(secondDatabase);
        ProjectionManager a = new ProjectionManager(store, database, List.of(onNodeA), 100,
                new io.syntropic137.projections.cache.InProcessQueryCache(10_000)).useLeases("node-a", Duration.ofSeconds(2));
        closeables.add(a);
        a.start();
        ProjectionManager b = new ProjectionManager(store, secondDatabase, List.of(onNodeB), 100,
                new io.syntropic137.projections.cache.InProcessQueryCache(10_000)).useLeases("node-b", Duration.ofSeconds(2));
        closeables.add(b);
        b.start();

        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = appendMixed("lease", 10, 3);
        }
        assertThat(a.awaitPosition("leased", last, Duration.ofSeconds(30))).isTrue();
        assertThat(b.awaitPosition("leased", last, Duration.ofSeconds(30))).isTrue(); // by following A's checkpoint
        assertThat(onNodeA.applied.get()).isEqualTo(90);
        assertThat(onNodeB.applied.get()).isZero();
        assertThat(b.status().getFirst().state()).isEqualTo(ProjectionStatus.State.FOLLOWING);
        assertThat(withoutPositions(contents(secondDatabase, b, onNodeB))).isEqualTo(expected("lease", 10, 9, false));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> b.rebuild("leased"))).isInstanceOf(IllegalStateException.class);

        a.close(); // releases its lease: B takes over at its next renewal and continues from A's checkpoint
        long more = appendMixed("lease", 10, 3);
        assertThat(b.awaitPosition("leased", more, Duration.ofSeconds(30))).isTrue();
        eventually(() -> b.status().getFirst().state() == ProjectionStatus.State.LIVE, "node B runs the projection");
        assertThat(onNodeB.applied.get()).isEqualTo(30);
        assertThat(onNodeA.applied.get()).isEqualTo(90);
        assertThat(withoutPositions(contents(secondDatabase, b, onNodeB))).isEqualTo(expected("lease", 10, 12, false));
    }
}
