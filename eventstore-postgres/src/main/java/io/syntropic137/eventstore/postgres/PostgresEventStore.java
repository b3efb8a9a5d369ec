package io.syntropic137.eventstore.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventHandler;
import io.syntropic137.eventstore.EventMetadata;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.EventStoreException;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.eventstore.Snapshot;
import io.syntropic137.eventstore.Subscription;
import io.syntropic137.eventstore.support.AppendPlanner;
import io.syntropic137.eventstore.support.AppendPlanner.Plan;
import io.syntropic137.eventstore.support.AppendPlanner.Request;
import io.syntropic137.eventstore.support.AppendPlanner.Row;
import io.syntropic137.eventstore.support.AppendPlanner.StoredEvent;
import io.syntropic137.eventstore.support.AppendValidator;
import io.syntropic137.eventstore.support.CatchUpSubscription;
import io.syntropic137.eventstore.support.CommitSignal;
import io.syntropic137.eventstore.support.EventQueries;
import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.support.GroupCommitter;
import io.syntropic137.eventstore.support.StreamVersionCache;
import org.flywaydb.core.Flyway;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production event store.
 *
 * <p>Ordering: every batch transaction takes one transaction-scoped advisory lock ({@link #ORDER_LOCK_KEY}),
 * allocates positions as {@code max(position) + 1} and commits, which releases the lock. Because PostgreSQL
 * makes a commit visible before it releases the transaction's locks, the next writer (in this process or any
 * other) allocates only after the previous batch is visible: positions become visible in increasing order,
 * so paging by {@code position > last} never skips an event. The lock is amortized by group commit: one
 * writer thread per process writes everything queued while the previous batch committed, normally in a single
 * call of the {@code eventstore_append} function (migration V2: lock, head, insert, notify and commit in one
 * round trip); see writeBatch for why a batch planned from the version
 * cache cannot write a wrong version.
 */
public final class PostgresEventStore implements EventStore {

    /** Shared by every process writing to the same database. */
    public static final long ORDER_LOCK_KEY = 0x53796E_3133_37_01L;
    static final String CHANNEL = "syn_events";
    private static final int MAX_BATCH = 512;
    private static final String COLUMNS = EventQueries.COLUMNS;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final PostgresEventStoreConfig config;
    private final HikariDataSource dataSource;
    private final AppendValidator validator;
    private final GroupCommitter<Request, AppendPlanner.Decision> writer;
    private final CommitSignal commits = new CommitSignal();
    private final CommitListener listener;
    private final String name;

    private PostgresEventStore(PostgresEventStoreConfig config) {
        this.config = config;
        this.name = "pg-eventstore-" + INSTANCES.incrementAndGet();
        this.validator = new AppendValidator(config.limits());
        this.dataSource = createPool(config, name);
        try {
            migrate(dataSource);
            this.listener = new CommitListener(config, commits, name + "-listen");
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        // callers write directly when a writer is idle: a lone append skips two thread hand-offs
        this.writer = new GroupCommitter<>(name + "-writer", MAX_BATCH, config.writerThreads(), true, () -> {
            StreamVersionCache versions = new StreamVersionCache(200_000); // each writer thread its own
            return batch -> writeBatch(batch, versions);
        });
    }

    /** Opens the store, creating or upgrading its tables; fails with the reason if PostgreSQL is unreachable. */
    public static PostgresEventStore open(PostgresEventStoreConfig config) {
        return new PostgresEventStore(config);
    }

    /** Applies the event store's migrations; also used by tools that only need the tables. */
    public static void migrate(javax.sql.DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/eventstore/postgres")
                .table("eventstore_schema_history")
                .baselineOnMigrate(true)
                // the database is shared (telemetry, API tokens): when another part's tables came first, the baseline
                // must lie below V1, or Flyway would mark V1 as applied and never create the events table
                .baselineVersion("0")
                .load()
                .migrate();
    }

    private static HikariDataSource createPool(PostgresEventStoreConfig config, String name) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(2);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(10_000);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new EventStoreException("cannot connect to PostgreSQL at " + config.jdbcUrl() + " as '" + config.user()
                    + "': " + rootMessage(e) + " (check SYN_DATABASE_URL and that the server is running)", e);
        }
    }

    // ---- writing ----

    @Override
    public AppendOutcome append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        validator.validate(streamId, expected, events);
        return writer.submitAndWait(new Request(streamId, expected, List.copyOf(events))).outcomeOrThrow();
    }

    /**
     * Fast path first: plan the batch from the version cache (a stream it does not hold is taken to have no
     * events) and write it with one call of {@code eventstore_append} — one round trip, no explicit transaction.
     * A wrong guess cannot write anything: it collides with the unique keys and the call rolls back. Only then,
     * or when the plan itself refuses an append, take the slow path that reads the facts under the lock.
     */
    private List<AppendPlanner.Decision> writeBatch(List<Request> batch, StreamVersionCache versions) throws Exception {
        Set<String> streams = AppendPlanner.streamIds(batch);
        Map<String, Long> assumed = versions.head() < 0 ? Map.of() : versions.snapshotFor(streams);
        Plan guess = AppendPlanner.plan(batch, assumed, Map.of(), 0);
        boolean lookUpIds = false;
        if (!hasConflict(guess)) {
            long base = appendFast(guess.rows(), versions);
            if (base >= 0) {
                Plan plan = base == 0 ? guess : AppendPlanner.plan(batch, assumed, Map.of(), base);
                versions.committed(plan);
                commits.signal();
                return plan.decisions();
            }
            lookUpIds = true; // a unique key refused the guess: a stale version or a re-sent event id
        }
        try {
            return writeBatch(batch, versions, lookUpIds);
        } catch (RetryWithIdLookup retry) {
            // some event id was already stored: a retried append. Rare, so only now pay for looking every id up.
            return writeBatch(batch, versions, true);
        }
    }

    /**
     * Writes the planned rows (positions 1..n, relative) in one call; returns the head they were placed after,
     * or -1 when a unique key refused them (nothing written). Updates the cache with what other writers changed.
     */
    private long appendFast(List<Row> rows, StreamVersionCache versions) throws Exception {
        long knownHead = versions.head();
        try (Connection connection = dataSource.getConnection()) {
            boolean hook = config.beforeCommit() != PostgresEventStoreConfig.BeforeCommit.NONE;
            // production: autocommit, so the call is its own transaction and commits in the same round trip;
            // a test hook needs the transaction still open after the insert
            connection.setAutoCommit(!hook);
            try {
                long base = -1;
                Map<String, Long> changedElsewhere = new HashMap<>();
                try (PreparedStatement statement = connection.prepareStatement(APPEND_CALL)) {
                    bindRows(statement, rows, knownHead);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            String stream = rs.getString(1);
                            if (stream == null) {
                                base = rs.getLong(2);
                            } else {
                                changedElsewhere.put(stream, rs.getLong(2));
                            }
                        }
                    }
                } catch (SQLException e) {
                    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        if (hook) {
                            connection.rollback();
                        }
                        return -1;
                    }
                    throw e;
                }
                if (hook) {
                    config.beforeCommit().run(rows.size());
                    connection.commit();
                }
                versions.refresh(knownHead, base, changedElsewhere, Map.of());
                return base;
            } catch (Exception e) {
                versions.clear();
                if (hook) {
                    rollbackQuietly(connection, e);
                }
                throw new EventStoreException("writing " + rows.size() + " events to PostgreSQL failed: " + rootMessage(e), e);
            } finally {
                if (hook) {
                    connection.setAutoCommit(true);
                }
            }
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String APPEND_CALL = "SELECT stream_id, stream_version FROM eventstore_append(?, ?, ?, ?::text[], "
            + "?::bigint[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[])";

    /**
     * Binds the rows as arrays in pgjdbc's binary array format ({@code setObject} with {@code String[]} or
     * {@code long[]}): no quoting or escaping of the JSON payloads, unlike {@code createArrayOf}'s text form.
     */
    private static void bindRows(PreparedStatement statement, List<Row> rows, long knownHead) throws SQLException {
        int n = rows.size();
        String[] streams = new String[n];
        long[] versions = new long[n];
        String[] ids = new String[n];
        String[] types = new String[n];
        int[] schemas = new int[n];
        String[] data = new String[n];
        String[] correlations = new String[n];
        String[] causations = new String[n];
        String[] actors = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            NewEvent event = row.event();
            streams[i] = row.streamId();
            versions[i] = row.streamVersion();
            ids[i] = event.eventId().toString();
            types[i] = event.type();
            schemas[i] = event.schemaVersion();
            data[i] = event.data();
            correlations[i] = event.causation().correlationId();
            causations[i] = event.causation().causationId();
            actors[i] = event.causation().actor();
        }
        statement.setLong(1, ORDER_LOCK_KEY);
        statement.setLong(2, knownHead);
        statement.setObject(3, OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), java.time.ZoneOffset.UTC));
        statement.setObject(4, streams);
        statement.setObject(5, versions);
        statement.setObject(6, ids);
        statement.setObject(7, types);
        statement.setObject(8, schemas);
        statement.setObject(9, data);
        statement.setObject(10, correlations);
        statement.setObject(11, causations);
        statement.setObject(12, actors);
    }

    private static boolean hasConflict(Plan plan) {
        for (AppendPlanner.Decision decision : plan.decisions()) {
            if (decision.outcome() instanceof AppendOutcome.WrongExpectedVersion) {
                return true;
            }
        }
        return false;
    }

    /** Signals that the optimistic insert met an already stored event id; the transaction was rolled back. */
    private static final class RetryWithIdLookup extends Exception {
        RetryWithIdLookup() {
            super(null, null, false, false);
        }
    }

    private List<AppendPlanner.Decision> writeBatch(List<Request> batch, StreamVersionCache versions, boolean lookUpIds)
            throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, ORDER_LOCK_KEY);
                    lock.execute();
                }
                Plan plan = planUnderLock(connection, batch, versions, lookUpIds);
                if (!lookUpIds && hasConflict(plan)) {
                    // a retried append usually carries a stale expected version: look its ids up before refusing it
                    connection.rollback();
                    throw new RetryWithIdLookup();
                }
                if (!plan.rows().isEmpty()) {
                    int inserted = insert(connection, plan.rows());
                    if (inserted != plan.rows().size()) {
                        connection.rollback();
                        versions.clear();
                        throw new RetryWithIdLookup();
                    }
                    config.beforeCommit().run(plan.rows().size());
                }
                connection.commit();
                versions.committed(plan);
                if (!plan.rows().isEmpty()) {
                    commits.signal();
                }
                return plan.decisions();
            } catch (RetryWithIdLookup retry) {
                throw retry;
            } catch (Exception e) {
                versions.clear();
                rollbackQuietly(connection, e);
                throw new EventStoreException("writing " + batch.size() + " appends to PostgreSQL failed: " + rootMessage(e), e);
            }
        }
    }

    /**
     * One round trip for everything the planner needs: the head, the streams other processes changed since
     * this writer's last batch (to keep its version cache true), the versions of streams it has not cached,
     * and — only on the retry path — which of the batch's event ids are already stored.
     */
    private Plan planUnderLock(Connection connection, List<Request> batch, StreamVersionCache versions, boolean lookUpIds)
            throws SQLException {
        Set<String> uncached = versions.missing(AppendPlanner.streamIds(batch));
        List<UUID> eventIds = lookUpIds ? AppendPlanner.eventIds(batch) : List.of();
        Map<String, Long> found = new HashMap<>();
        Map<UUID, StoredEvent> stored = new HashMap<>();
        long head = 0;
        long knownHead = versions.head();
        String sql = """
                SELECT 'h' AS kind, NULL AS stream_id, NULL::bigint AS stream_version,
                       (SELECT coalesce(max(position), 0) FROM events) AS position, NULL::uuid AS event_id
                UNION ALL
                SELECT 'c', e.stream_id, max(e.stream_version), NULL, NULL
                  FROM events e WHERE ? >= 0 AND e.position > ? GROUP BY e.stream_id
                UNION ALL
                SELECT 'v', s.id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = s.id), NULL, NULL
                  FROM unnest(?::text[]) AS s(id)
                UNION ALL
                SELECT 'e', e.stream_id, e.stream_version, e.position, e.event_id
                  FROM events e WHERE e.event_id = ANY(?::uuid[])
                """;
        Map<String, Long> changedElsewhere = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            // never a cached generic plan: with the position bound unknown it would scan the whole table
            statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            // a writer with no cache yet (knownHead < 0) skips the change scan and looks every stream up
            statement.setLong(1, knownHead);
            statement.setLong(2, knownHead);
            statement.setArray(3, connection.createArrayOf("text", uncached.toArray()));
            statement.setArray(4, connection.createArrayOf("uuid", eventIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "h" -> head = rs.getLong(4);
                        case "c" -> changedElsewhere.put(rs.getString(2), rs.getLong(3));
                        case "v" -> {
                            long version = rs.getLong(3);
                            found.put(rs.getString(2), rs.wasNull() ? 0L : version);
                        }
                        case "e" -> stored.put(rs.getObject(5, UUID.class),
                                new StoredEvent(rs.getString(2), rs.getLong(3), rs.getLong(4)));
                        default -> throw new IllegalStateException("unexpected row kind " + rs.getString(1));
                    }
                }
            }
        }
        versions.refresh(knownHead, head, changedElsewhere, found);
        return AppendPlanner.plan(batch, versions.snapshotFor(AppendPlanner.streamIds(batch)), stored, head);
    }

    /**
     * A single multi-row insert from arrays; the NOTIFY rides along and is delivered at commit. Returns how many
     * rows were inserted: fewer than given means some event id was already stored.
     */
    private int insert(Connection connection, List<Row> rows) throws SQLException {
        int n = rows.size();
        Long[] positions = new Long[n];
        String[] streams = new String[n];
        Long[] versions = new Long[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] schemas = new Integer[n];
        String[] data = new String[n];
        String[] correlations = new String[n];
        String[] causations = new String[n];
        String[] actors = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            NewEvent event = row.event();
            positions[i] = row.position();
            streams[i] = row.streamId();
            versions[i] = row.streamVersion();
            ids[i] = event.eventId();
            types[i] = event.type();
            schemas[i] = event.schemaVersion();
            data[i] = event.data();
            correlations[i] = event.causation().correlationId();
            causations[i] = event.causation().causationId();
            actors[i] = event.causation().actor();
        }
        String sql = "WITH inserted AS (INSERT INTO events (" + COLUMNS + ") "
                + "SELECT p, s, v, i, t, sv, d, co, ca, a, ? FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::uuid[], "
                + "?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[]) AS r(p, s, v, i, t, sv, d, co, ca, a) "
                + "ON CONFLICT (event_id) DO NOTHING RETURNING position) "
                + "SELECT count(*), pg_notify('" + CHANNEL + "', max(position)::text) FROM inserted";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), java.time.ZoneOffset.UTC));
            statement.setArray(2, connection.createArrayOf("bigint", positions));
            statement.setArray(3, connection.createArrayOf("text", streams));
            statement.setArray(4, connection.createArrayOf("bigint", versions));
            statement.setArray(5, connection.createArrayOf("uuid", ids));
            statement.setArray(6, connection.createArrayOf("text", types));
            statement.setArray(7, connection.createArrayOf("int4", schemas));
            statement.setArray(8, connection.createArrayOf("text", data));
            statement.setArray(9, connection.createArrayOf("text", correlations));
            statement.setArray(10, connection.createArrayOf("text", causations));
            statement.setArray(11, connection.createArrayOf("text", actors));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---- reading ----

    @Override
    public List<RecordedEvent> readStreamForward(String streamId, long fromVersion, int limit) {
        return query(EventQueries.STREAM_FORWARD, streamId, fromVersion, limit);
    }

    @Override
    public List<RecordedEvent> readStreamBackward(String streamId, long fromVersion, int limit) {
        return query(EventQueries.STREAM_BACKWARD, streamId, fromVersion, limit);
    }

    @Override
    public long streamVersion(String streamId) {
        return queryLong(EventQueries.STREAM_VERSION, streamId);
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int limit, EventFilter filter) {
        return readPage(afterPosition, limit, filter).events();
    }

    @Override
    public long awaitHeadAbove(long afterPosition, java.time.Duration timeout) throws InterruptedException {
        return commits.awaitHeadAbove(afterPosition, timeout, this::headPosition);
    }

    @Override
    public long headPosition() {
        return queryLong(EventQueries.HEAD);
    }

    @Override
    public EventPage readPage(long afterPosition, int limit, EventFilter filter) {
        return EventQueries.readPage(afterPosition, limit, filter, this::headPosition, this::query, FILTER_SQL);
    }

    private static final EventQueries.FilterSql FILTER_SQL = new EventQueries.FilterSql() {
        @Override
        public void streamPrefix(String prefix, StringBuilder sql, List<Object> args) {
            sql.append("starts_with(stream_id, ?)");
            args.add(prefix);
        }

        @Override
        public void typeIn(java.util.Set<String> types, StringBuilder sql, List<Object> args) {
            sql.append("type = ANY(?)");
            args.add(types.toArray(String[]::new));
        }
    };

    @Override
    public Subscription subscribe(long afterPosition, EventFilter filter, EventHandler handler) {
        return new CatchUpSubscription(name + "-subscription", afterPosition, filter, handler, (after, f, limit) -> readPage(after, limit, f),
                commits, 500, 1_000);
    }

    // ---- snapshots ----

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        AppendValidator.validateStreamId(snapshot.streamId());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     INSERT INTO snapshots (stream_id, stream_version, schema_version, state) VALUES (?, ?, ?, ?)
                     ON CONFLICT (stream_id) DO UPDATE SET stream_version = excluded.stream_version,
                       schema_version = excluded.schema_version, state = excluded.state, taken_at = now()
                     """)) {
            statement.setString(1, snapshot.streamId());
            statement.setLong(2, snapshot.streamVersion());
            statement.setInt(3, snapshot.schemaVersion());
            statement.setString(4, snapshot.state());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreException("saving the snapshot of '" + snapshot.streamId() + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Snapshot> loadSnapshot(String streamId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT stream_version, schema_version, state FROM snapshots WHERE stream_id = ?")) {
            statement.setString(1, streamId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new Snapshot(streamId, rs.getLong(1), rs.getInt(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EventStoreException("loading the snapshot of '" + streamId + "' failed: " + e.getMessage(), e);
        }
    }

    // ---- plumbing ----

    private List<RecordedEvent> query(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, args);
            statement.setFetchSize(2_000);
            try (ResultSet rs = statement.executeQuery()) {
                List<RecordedEvent> events = new ArrayList<>();
                while (rs.next()) {
                    events.add(config.upcasters().upcast(map(rs)));
                }
                return events;
            }
        } catch (SQLException e) {
            throw new EventStoreException("reading events from PostgreSQL failed: " + e.getMessage(), e);
        }
    }

    private long queryLong(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, args);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new EventStoreException("reading from PostgreSQL failed: " + e.getMessage(), e);
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof String[] strings) {
                Array array = connection.createArrayOf("text", strings);
                statement.setArray(i + 1, array);
            } else {
                statement.setObject(i + 1, args[i]);
            }
        }
    }

    private static RecordedEvent map(ResultSet rs) throws SQLException {
        Timestamp recordedAt = rs.getTimestamp(11);
        return new RecordedEvent(rs.getObject(4, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(1),
                rs.getString(5), rs.getInt(6), rs.getString(7),
                new EventMetadata(rs.getString(8), rs.getString(9), rs.getString(10), recordedAt.toInstant()));
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** Group-commit counters, for metrics and benchmarks. */
    public GroupCommitter.Stats writerStats() {
        return writer.stats();
    }

    @Override
    public void close() {
        writer.close();
        listener.close();
        dataSource.close();
    }
}
