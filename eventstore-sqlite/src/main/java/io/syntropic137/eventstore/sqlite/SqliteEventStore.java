package io.syntropic137.eventstore.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventHandler;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.EventStoreException;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.eventstore.Snapshot;
import io.syntropic137.eventstore.Subscription;
import io.syntropic137.eventstore.support.AppendPlanner;
import io.syntropic137.eventstore.support.AppendPlanner.Decision;
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
import io.syntropic137.eventstore.support.Upcasters;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded event store: one WAL database file, one writer connection fed by a group-commit thread, a small
 * pool of reader connections. SQLite lets one write transaction at a time into the file (across processes too),
 * and positions are allocated inside it, so position order is commit order.
 */
public final class SqliteEventStore implements EventStore {
    private static final int MAX_BATCH = 1_000;
    private static final long WATCH_INTERVAL_MILLIS = 10;
    private static final String STREAM_FORWARD = "SELECT " + SqliteEventColumns.STREAM_READ
            + " FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?";
    private static final String STREAM_BACKWARD = "SELECT " + SqliteEventColumns.STREAM_READ
            + " FROM events WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SqliteEventStoreConfig config;
    private final String name;
    private final AppendValidator validator;
    private final Connection writerConnection;
    /** The writer's per-batch statements, compiled once: SQLite would otherwise parse and plan each again every batch. */
    private final WriterStatements writerStatements;
    private final HikariDataSource readers;
    private final ReaderStatements readerStatements = new ReaderStatements();
    private final CommitSignal commits = new CommitSignal();
    private final GroupCommitter<Request, Decision> writer;
    /** Touched only by the writer thread. */
    private final StreamVersionCache versions = new StreamVersionCache(200_000);
    private final Thread watcher;
    private volatile boolean open = true;

    private SqliteEventStore(SqliteEventStoreConfig config) {
        this.config = config;
        this.name = "sqlite-eventstore-" + INSTANCES.incrementAndGet();
        this.validator = new AppendValidator(config.limits());
        createDirectories(config.databaseFile());
        try {
            this.writerConnection = connection(config, false);
            SqliteSchema.migrate(writerConnection);
            this.writerStatements = new WriterStatements(writerConnection);
        } catch (SQLException e) {
            throw new EventStoreException("cannot open the event store at " + config.databaseFile() + ": " + e.getMessage(), e);
        }
        this.readers = readerPool(config, name);
        this.writer = new GroupCommitter<>(name + "-writer", MAX_BATCH, this::writeBatch);
        this.watcher = Thread.ofVirtual().name(name + "-watch").start(this::watchOtherProcesses);
    }

    /** Opens (creating when missing) the database file and brings it to the newest schema. */
    public static SqliteEventStore open(SqliteEventStoreConfig config) {
        return new SqliteEventStore(config);
    }

    private static void createDirectories(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new EventStoreException("cannot create the directory for " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig sqliteConfig(SqliteEventStoreConfig config, boolean readOnly) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(config.fullSync() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(10_000);
        sqlite.setReadOnly(readOnly);
        return sqlite;
    }

    private static Connection connection(SqliteEventStoreConfig config, boolean readOnly) throws SQLException {
        SQLiteDataSource source = new SQLiteDataSource(sqliteConfig(config, readOnly));
        source.setUrl("jdbc:sqlite:" + config.databaseFile().toAbsolutePath());
        return source.getConnection();
    }

    private static HikariDataSource readerPool(SqliteEventStoreConfig config, String name) {
        SQLiteDataSource source = new SQLiteDataSource(sqliteConfig(config, true));
        source.setUrl("jdbc:sqlite:" + config.databaseFile().toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name + "-readers");
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(config.readers());
        hikari.setMinimumIdle(1);
        hikari.setReadOnly(true);
        return new HikariDataSource(hikari);
    }

    // ---- writing ----

    @Override
    public AppendOutcome append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        validator.validate(streamId, expected, events);
        return writer.submitAndWait(new Request(streamId, expected, List.copyOf(events))).outcomeOrThrow();
    }

    private List<Decision> writeBatch(List<Request> batch) throws SQLException {
        Decided decided = writeBatch(batch, false);
        // a refused append or an event id already stored may be a retry of an earlier append: decide again
        // with every id looked up (rare, so the common path skips those lookups)
        return decided != null ? decided.decisions() : writeBatch(batch, true).decisions();
    }

    private record Decided(List<Decision> decisions) {
    }

    /** Returns null when the optimistic path (no id lookups) met something only the id lookup can explain. */
    private Decided writeBatch(List<Request> batch, boolean lookUpIds) throws SQLException {
        Connection c = writerConnection;
        WriterStatements w = writerStatements;
        // explicit BEGIN IMMEDIATE/COMMIT: with autoCommit off the driver would open the next transaction
        // right after each commit and hold the file's write lock between batches, locking out other processes
        w.begin.execute();
        try {
            Plan plan = plan(c, w, batch, lookUpIds);
            if (!lookUpIds && plan.decisions().stream().anyMatch(d -> d.outcome() instanceof AppendOutcome.WrongExpectedVersion)) {
                w.rollback.execute();
                return null;
            }
            if (!plan.rows().isEmpty() && insert(w.insert, plan.rows()) != plan.rows().size()) {
                w.rollback.execute();
                versions.clear();
                return null;
            }
            w.commit.execute();
            versions.committed(plan);
            if (!plan.rows().isEmpty()) {
                commits.signal();
            }
            return new Decided(plan.decisions());
        } catch (SQLException | RuntimeException e) {
            versions.clear();
            try {
                w.rollback.execute();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private static final class WriterStatements implements AutoCloseable {
        final PreparedStatement begin;
        final PreparedStatement commit;
        final PreparedStatement rollback;
        final PreparedStatement head;
        final PreparedStatement streamVersion;
        final PreparedStatement insert;

        WriterStatements(Connection c) throws SQLException {
            begin = c.prepareStatement("BEGIN IMMEDIATE");
            commit = c.prepareStatement("COMMIT");
            rollback = c.prepareStatement("ROLLBACK");
            head = c.prepareStatement("SELECT coalesce(max(position), 0) FROM events");
            streamVersion = c.prepareStatement("SELECT max(stream_version) FROM events WHERE stream_id = ?");
            insert = c.prepareStatement("INSERT INTO events (" + SqliteEventColumns.INSERT
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING");
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : List.of(begin, commit, rollback, head, streamVersion, insert)) {
                statement.close();
            }
        }
    }

    /** Versions from the writer's cache, refreshed with what other processes wrote since its last batch. */
    private Plan plan(Connection c, WriterStatements w, List<Request> batch, boolean lookUpIds) throws SQLException {
        long head;
        try (ResultSet rs = w.head.executeQuery()) {
            head = rs.next() ? rs.getLong(1) : 0;
        }
        long knownHead = versions.head();
        Map<String, Long> changedElsewhere = new HashMap<>();
        if (knownHead >= 0 && head > knownHead) {
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT stream_id, max(stream_version) FROM events WHERE position > ? GROUP BY stream_id")) {
                statement.setLong(1, knownHead);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        changedElsewhere.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        Map<String, Long> looked = new HashMap<>();
        for (String streamId : versions.missing(AppendPlanner.streamIds(batch))) {
            if (changedElsewhere.containsKey(streamId)) {
                continue;
            }
            w.streamVersion.setString(1, streamId);
            try (ResultSet rs = w.streamVersion.executeQuery()) {
                looked.put(streamId, rs.next() ? rs.getLong(1) : 0);
            }
        }
        versions.refresh(knownHead, head, changedElsewhere, looked);
        Map<UUID, StoredEvent> stored = new HashMap<>();
        if (lookUpIds) {
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT stream_id, stream_version, position FROM events WHERE event_id = ?")) {
                for (UUID id : AppendPlanner.eventIds(batch)) {
                    statement.setBytes(1, SqliteEventColumns.eventId(id));
                    try (ResultSet rs = statement.executeQuery()) {
                        if (rs.next()) {
                            stored.put(id, new StoredEvent(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                        }
                    }
                }
            }
        }
        return AppendPlanner.plan(batch, versions.snapshotFor(AppendPlanner.streamIds(batch)), stored, head);
    }

    /** Inserts the rows, skipping any whose event id is already stored; returns how many were inserted. */
    private static int insert(PreparedStatement statement, List<Row> rows) throws SQLException {
        long recordedAt = micros(Instant.now());
        // a batch that failed half-way must not be sent again with the next one
        statement.clearBatch();
        for (Row row : rows) {
            NewEvent event = row.event();
            statement.setLong(1, row.position());
            statement.setString(2, row.streamId());
            statement.setLong(3, row.streamVersion());
            statement.setBytes(4, SqliteEventColumns.eventId(event.eventId()));
            statement.setString(5, event.type());
            statement.setString(6, event.data());
            statement.setBytes(7, SqliteEventColumns.meta(event.schemaVersion(), recordedAt, event.causation().correlationId(),
                    event.causation().causationId(), event.causation().actor()));
            statement.addBatch();
        }
        int inserted = 0;
        for (int count : statement.executeBatch()) {
            inserted += count;
        }
        return inserted;
    }

    /** Wakes subscriptions when another process (or store instance) commits to the same file. */
    private void watchOtherProcesses() {
        try (Connection c = connection(config, true);
             PreparedStatement statement = c.prepareStatement("PRAGMA data_version")) {
            long last = -1;
            while (open) {
                try (ResultSet rs = statement.executeQuery()) {
                    long version = rs.next() ? rs.getLong(1) : 0;
                    if (last >= 0 && version != last) {
                        commits.signal();
                    }
                    last = version;
                }
                Thread.sleep(WATCH_INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            if (open) {
                org.slf4j.LoggerFactory.getLogger(SqliteEventStore.class).warn(
                        "watching {} for other writers stopped; subscriptions fall back to polling: {}",
                        config.databaseFile(), e.toString());
            }
        }
    }

    // ---- reading ----

    @Override
    public List<RecordedEvent> readStreamForward(String streamId, long fromVersion, int limit) {
        return query(STREAM_FORWARD, streamId, streamId, fromVersion, limit);
    }

    @Override
    public List<RecordedEvent> readStreamBackward(String streamId, long fromVersion, int limit) {
        return query(STREAM_BACKWARD, streamId, streamId, fromVersion, limit);
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
        return EventQueries.readPage(afterPosition, limit, filter, this::headPosition, (sql, args) -> query(sql, null, args),
                FILTER_SQL, SqliteEventColumns.ALL_READ);
    }

    private static final EventQueries.FilterSql FILTER_SQL = new EventQueries.FilterSql() {
        @Override
        public void streamPrefix(String prefix, StringBuilder sql, List<Object> args) {
            sql.append("substr(stream_id, 1, ?) = ?");
            args.add(prefix.length());
            args.add(prefix);
        }

        @Override
        public void typeIn(java.util.Set<String> types, StringBuilder sql, List<Object> args) {
            sql.append("type IN (").append(String.join(", ", java.util.Collections.nCopies(types.size(), "?"))).append(')');
            args.addAll(types);
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
        // snapshots go through their own short connection: the writer connection belongs to the writer thread
        try (Connection c = connection(config, false);
             PreparedStatement statement = c.prepareStatement("""
                     INSERT INTO snapshots (stream_id, stream_version, schema_version, state, taken_at) VALUES (?, ?, ?, ?, ?)
                     ON CONFLICT (stream_id) DO UPDATE SET stream_version = excluded.stream_version,
                       schema_version = excluded.schema_version, state = excluded.state, taken_at = excluded.taken_at
                     """)) {
            statement.setString(1, snapshot.streamId());
            statement.setLong(2, snapshot.streamVersion());
            statement.setInt(3, snapshot.schemaVersion());
            statement.setString(4, snapshot.state());
            statement.setLong(5, micros(Instant.now()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreException("saving the snapshot of '" + snapshot.streamId() + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Snapshot> loadSnapshot(String streamId) {
        try (Connection c = readers.getConnection()) {
            PreparedStatement statement = readerStatements.prepare(c,
                    "SELECT stream_version, schema_version, state FROM snapshots WHERE stream_id = ?");
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

    /**
     * Runs an event query. With {@code streamId} it selects {@link SqliteEventColumns#STREAM_READ} (every row is of that
     * stream, so its id is not read back), else {@link SqliteEventColumns#ALL_READ}.
     */
    private List<RecordedEvent> query(String sql, String streamId, Object... args) {
        try (Connection c = readers.getConnection()) {
            PreparedStatement statement = readerStatements.prepare(c, sql);
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<RecordedEvent> events = new ArrayList<>();
                Upcasters upcasters = config.upcasters();
                TypeNames types = new TypeNames();
                while (rs.next()) {
                    events.add(upcasters.upcast(streamId != null ? streamRow(rs, streamId, types) : allRow(rs, types)));
                }
                return events;
            }
        } catch (SQLException e) {
            throw new EventStoreException("reading events from " + config.databaseFile() + " failed: " + e.getMessage(), e);
        }
    }

    private long queryLong(String sql, Object... args) {
        try (Connection c = readers.getConnection()) {
            PreparedStatement statement = readerStatements.prepare(c, sql);
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new EventStoreException("reading from " + config.databaseFile() + " failed: " + e.getMessage(), e);
        }
    }

    /** A row of {@link SqliteEventColumns#STREAM_READ}. */
    private static RecordedEvent streamRow(ResultSet rs, String streamId, TypeNames types) throws SQLException {
        // getBytes, not getString: the driver's getString copies each value through a JNI-made direct buffer first
        return SqliteEventColumns.event(rs.getLong(1), streamId, rs.getLong(2), rs.getBytes(3), types.name(rs.getBytes(4)),
                rs.getBytes(5), rs.getBytes(6));
    }

    /** A row of {@link SqliteEventColumns#ALL_READ}. */
    private static RecordedEvent allRow(ResultSet rs, TypeNames types) throws SQLException {
        return SqliteEventColumns.event(rs.getLong(1), SqliteEventColumns.text(rs.getBytes(2)), rs.getLong(3), rs.getBytes(4),
                types.name(rs.getBytes(5)), rs.getBytes(6), rs.getBytes(7));
    }

    /**
     * Decodes type names within one query: a page or a stream mostly repeats a few types, so a row whose type bytes
     * equal the previous row's gets the same String instead of a new copy. Lives for one query only.
     */
    private static final class TypeNames {
        private byte[] lastBytes;
        private String lastName;

        String name(byte[] bytes) {
            if (lastBytes == null || !java.util.Arrays.equals(bytes, lastBytes)) {
                lastName = SqliteEventColumns.text(bytes);
                lastBytes = bytes;
            }
            return lastName;
        }
    }

    private static long micros(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return truncated.getEpochSecond() * 1_000_000L + truncated.getNano() / 1_000;
    }

    /** Group-commit counters, for metrics and benchmarks. */
    public GroupCommitter.Stats writerStats() {
        return writer.stats();
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        writer.close();
        open = false;
        watcher.interrupt();
        readers.close();
        try {
            writerStatements.close();
            writerConnection.close();
        } catch (SQLException e) {
            throw new EventStoreException("closing " + config.databaseFile() + " failed: " + e.getMessage(), e);
        }
    }
}
