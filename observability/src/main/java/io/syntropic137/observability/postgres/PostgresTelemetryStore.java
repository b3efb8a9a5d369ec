package io.syntropic137.observability.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.observability.Cursor;
import io.syntropic137.observability.Dimension;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.RecentPage;
import io.syntropic137.observability.RecentQuery;
import io.syntropic137.observability.RetentionResult;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryStore;
import io.syntropic137.observability.TelemetryStoreException;
import io.syntropic137.observability.TokenCounts;
import io.syntropic137.observability.UsageLine;
import io.syntropic137.observability.UsageScope;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Telemetry on PostgreSQL: one table range-partitioned by day, written with COPY.
 *
 * <p>Writing: the common case has no duplicates, so a batch is COPYed straight into the table; the primary key
 * (time, id) makes a duplicate fail the whole COPY (23505), and only then is the batch written the slow,
 * idempotent way — COPY into a temporary staging table, then {@code INSERT … SELECT … ON CONFLICT DO NOTHING}.
 * Either way one transaction, so a batch is stored whole or not at all.
 */
public final class PostgresTelemetryStore implements TelemetryStore {
    static final String SELECT = "SELECT time, id, type, known, execution_id, phase_id, session_id, tool_use_id, data::text FROM telemetry_events";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String NO_PARTITION = "23514";
    private static final int COPY_SLICE = 500;

    private final PostgresTelemetryConfig config;
    private final HikariDataSource dataSource;
    private final Partitions partitions;

    private PostgresTelemetryStore(PostgresTelemetryConfig config) {
        this.config = config;
        this.dataSource = pool(config);
        try {
            migrate(dataSource);
            this.partitions = new Partitions(dataSource);
            partitions.ensureAhead(LocalDate.now(ZoneOffset.UTC), config.partitionsAhead());
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new TelemetryStoreException("cannot prepare the telemetry table: " + e.getMessage(), e);
        }
    }

    public static PostgresTelemetryStore open(PostgresTelemetryConfig config) {
        return new PostgresTelemetryStore(config);
    }

    /**
     * Applies the telemetry migrations. The database is usually shared with the event store, so the schema is
     * not empty: baseline at version 0 so that V1 still runs when this history table is first created.
     */
    public static void migrate(javax.sql.DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/observability/postgres")
                .table("telemetry_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    private static HikariDataSource pool(PostgresTelemetryConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("telemetry-pg");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(10_000);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new TelemetryStoreException("cannot connect to PostgreSQL at " + config.jdbcUrl() + " for telemetry: " + e.getMessage(), e);
        }
    }

    @Override
    public String backend() {
        return "postgres";
    }

    @Override
    public void prepareFor(LocalDate today) {
        createPartitionsAhead(today);
    }

    /** Makes sure the partitions from today to {@code partitionsAhead} days on exist; call daily. */
    public void createPartitionsAhead(LocalDate today) {
        try {
            partitions.ensureAhead(today, config.partitionsAhead());
        } catch (SQLException e) {
            throw new TelemetryStoreException("creating telemetry partitions failed: " + e.getMessage(), e);
        }
    }

    /** The days that have a partition, oldest first. */
    public List<LocalDate> partitionDays() {
        try {
            return partitions.list();
        } catch (SQLException e) {
            throw new TelemetryStoreException("listing telemetry partitions failed: " + e.getMessage(), e);
        }
    }

    // ---- writing ----

    @Override
    public int write(List<TelemetryEvent> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Set<LocalDate> days = new TreeSet<>();
        for (TelemetryEvent event : batch) {
            days.add(Partitions.dayOf(event.time()));
        }
        try {
            partitions.ensure(days);
            try {
                return writeOnce(batch);
            } catch (SQLException e) {
                if (!NO_PARTITION.equals(e.getSQLState())) {
                    throw e;
                }
                // a partition we believed in is gone (retention in another process): recreate and try again
                partitions.forget();
                partitions.ensure(days);
                return writeOnce(batch);
            }
        } catch (SQLException e) {
            throw new TelemetryStoreException("writing " + batch.size() + " telemetry events failed: " + e.getMessage(), e);
        }
    }

    private int writeOnce(List<TelemetryEvent> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long copied = copy(connection, "telemetry_events", rows);
                connection.commit();
                return (int) copied;
            } catch (SQLException e) {
                connection.rollback();
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            try {
                int inserted = writeSkippingDuplicates(connection, rows);
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static int writeSkippingDuplicates(Connection connection, List<TelemetryEvent> rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS telemetry_staging"
                    + " (LIKE telemetry_events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        }
        copy(connection, "telemetry_staging", rows);
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("INSERT INTO telemetry_events (" + CopyEncoder.COLUMNS + ") SELECT "
                    + CopyEncoder.COLUMNS + " FROM telemetry_staging ON CONFLICT DO NOTHING");
        }
    }

    /**
     * Streams the rows in slices as they are encoded, so that the server parses and indexes one slice while
     * this thread encodes the next: the two CPUs overlap instead of taking turns.
     */
    private static long copy(Connection connection, String table, List<TelemetryEvent> rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + CopyEncoder.COLUMNS + ") FROM STDIN");
        try {
            StringBuilder slice = new StringBuilder(COPY_SLICE * 400);
            for (int from = 0; from < rows.size(); from += COPY_SLICE) {
                slice.setLength(0);
                CopyEncoder.encode(rows.subList(from, Math.min(rows.size(), from + COPY_SLICE)), slice);
                byte[] bytes = slice.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
            }
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    // ---- reading ----

    @Override
    public List<TelemetryEvent> toolEvents(String sessionId) {
        String sql = SELECT + " WHERE session_id = ? AND type IN (?, ?, ?, ?) ORDER BY time, id";
        return query(sql, statement -> {
            statement.setString(1, sessionId);
            statement.setString(2, EventType.TOOL_EXECUTION_STARTED.wireName());
            statement.setString(3, EventType.TOOL_EXECUTION_COMPLETED.wireName());
            statement.setString(4, EventType.TOOL_EXECUTION_FAILED.wireName());
            statement.setString(5, EventType.TOOL_BLOCKED.wireName());
        }, PostgresTelemetryStore::event);
    }

    @Override
    public List<UsageLine> usageLines(UsageScope scope, Dimension dimension) {
        String key = switch (dimension) {
            case SESSION -> "session_id";
            case EXECUTION -> "execution_id";
            case PHASE -> "phase_id";
            case MODEL -> "NULL::text";
            case TOOL -> "(data->'tools')::text";
            case REPO -> "data->>'repo'";
            case DAY -> "to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
        };
        Where where = scopeFilter(scope);
        String streamed = "SELECT k, session_id, model, sum(i), sum(o), sum(cw), sum(cr) FROM ("
                + " SELECT " + key + " AS k, session_id, data->>'message_id' AS message_id, data->>'model' AS model,"
                + " max((data->>'input_tokens')::bigint) AS i, max((data->>'output_tokens')::bigint) AS o,"
                + " max((data->>'cache_creation_input_tokens')::bigint) AS cw, max((data->>'cache_read_input_tokens')::bigint) AS cr"
                + " FROM telemetry_events WHERE type = 'token_usage'" + where.sql
                + " GROUP BY 1, 2, 3, 4) per_message GROUP BY 1, 2, 3";
        List<UsageLine> lines = new ArrayList<>(query(streamed, where::bind, rs -> new UsageLine.Streamed(rs.getString(1),
                rs.getString(2), rs.getString(3), new TokenCounts(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)))));
        String summaries = "SELECT " + key + ", session_id, data::text FROM telemetry_events WHERE type = 'session_summary'" + where.sql;
        lines.addAll(query(summaries, where::bind, rs -> new UsageLine.Summarized(rs.getString(1), rs.getString(2), rs.getString(3))));
        return lines;
    }

    @Override
    public RecentPage recent(RecentQuery q) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE true");
        List<Object> params = new ArrayList<>();
        if (!q.types().isEmpty()) {
            sql.append(" AND type = ANY (?)");
            params.add(q.types().toArray(String[]::new));
        }
        addEquals(sql, params, "execution_id", q.executionId());
        addEquals(sql, params, "phase_id", q.phaseId());
        addEquals(sql, params, "session_id", q.sessionId());
        if (q.from() != null) {
            sql.append(" AND time >= ?");
            params.add(timestamp(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND time < ?");
            params.add(timestamp(q.to()));
        }
        if (q.after() != null) {
            sql.append(" AND (time, id) < (?, ?)");
            params.add(timestamp(q.after().time()));
            params.add(q.after().id());
        }
        sql.append(" ORDER BY time DESC, id DESC LIMIT ").append(q.limit() + 1);
        List<TelemetryEvent> events = query(sql.toString(), statement -> {
            for (int i = 0; i < params.size(); i++) {
                Object param = params.get(i);
                if (param instanceof String[] array) {
                    statement.setArray(i + 1, statement.getConnection().createArrayOf("text", array));
                } else {
                    statement.setObject(i + 1, param);
                }
            }
        }, PostgresTelemetryStore::event);
        if (events.size() > q.limit()) {
            List<TelemetryEvent> page = List.copyOf(events.subList(0, q.limit()));
            return new RecentPage(page, Optional.of(Cursor.of(page.getLast())));
        }
        return new RecentPage(events, Optional.empty());
    }

    private static void addEquals(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    @Override
    public long count() {
        return query("SELECT count(*) FROM telemetry_events", statement -> {
        }, rs -> rs.getLong(1)).getFirst();
    }

    @Override
    public RetentionResult dropOlderThan(Instant cutoff) {
        try {
            return new RetentionResult(partitions.dropBefore(cutoff), -1);
        } catch (SQLException e) {
            throw new TelemetryStoreException("dropping old telemetry partitions failed: " + e.getMessage(), e);
        }
    }

    private record Where(String sql, List<Object> params) {
        void bind(PreparedStatement statement) throws SQLException {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
        }
    }

    private static Where scopeFilter(UsageScope scope) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        addEquals(sql, params, "execution_id", scope.executionId());
        addEquals(sql, params, "phase_id", scope.phaseId());
        addEquals(sql, params, "session_id", scope.sessionId());
        if (scope.from() != null) {
            sql.append(" AND time >= ?");
            params.add(timestamp(scope.from()));
        }
        if (scope.to() != null) {
            sql.append(" AND time < ?");
            params.add(timestamp(scope.to()));
        }
        return new Where(sql.toString(), params);
    }

    private static OffsetDateTime timestamp(Instant time) {
        return time.atOffset(ZoneOffset.UTC);
    }

    private static TelemetryEvent event(ResultSet rs) throws SQLException {
        Instant instant = rs.getObject(1, OffsetDateTime.class).toInstant();
        return new TelemetryEvent(rs.getObject(2, UUID.class), instant, rs.getString(3), rs.getBoolean(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new TelemetryStoreException("telemetry query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
