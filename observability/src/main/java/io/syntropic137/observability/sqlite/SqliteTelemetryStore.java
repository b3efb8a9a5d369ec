package io.syntropic137.observability.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.observability.Cursor;
import io.syntropic137.observability.Dimension;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.Micros;
import io.syntropic137.observability.RecentPage;
import io.syntropic137.observability.RecentQuery;
import io.syntropic137.observability.RetentionResult;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryStore;
import io.syntropic137.observability.TelemetryStoreException;
import io.syntropic137.observability.TokenCounts;
import io.syntropic137.observability.UsageLine;
import io.syntropic137.observability.UsageScope;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Telemetry in a SQLite file (WAL): the same columns as on PostgreSQL in one table, time as microseconds.
 * A batch is written inside one explicit {@code BEGIN IMMEDIATE} transaction on the single writer connection
 * (autoCommit stays on: with it off the driver would reopen a transaction right after each commit and keep the
 * file's write lock between batches), as multi-row {@code INSERT OR IGNORE} statements of
 * {@value #ROWS_PER_INSERT} rows: each statement execution costs a JNI round trip and a reset in the driver,
 * which one row per statement pays for every event (measured against the same baseline without generated
 * keys: a few percent of CPU per event; the generated-key lookup switched off below was about a fifth).
 * The rows, the table, its indexes, the transaction and the durability are unchanged.
 */
public final class SqliteTelemetryStore implements TelemetryStore {
    static final String COLUMNS = "time, id, type, known, execution_id, phase_id, session_id, tool_use_id, data";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM telemetry_events";
    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS telemetry_events (
                time         INTEGER NOT NULL,
                id           TEXT    NOT NULL,
                type         TEXT    NOT NULL,
                known        INTEGER NOT NULL,
                execution_id TEXT,
                phase_id     TEXT,
                session_id   TEXT,
                tool_use_id  TEXT,
                data         TEXT    NOT NULL,
                PRIMARY KEY (time, id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS telemetry_events_execution ON telemetry_events (execution_id, time);
            CREATE INDEX IF NOT EXISTS telemetry_events_session ON telemetry_events (session_id, time);
            CREATE INDEX IF NOT EXISTS telemetry_events_type ON telemetry_events (type, time)
            """;

    /** 9 parameters a row: 900 per statement, far below SQLite's limit of 32,766 host parameters. */
    static final int ROWS_PER_INSERT = 100;
    private static final String INSERT_ROWS = insertSql(ROWS_PER_INSERT);

    private final Path file;
    private final Connection writer;
    private final HikariDataSource readers;

    private SqliteTelemetryStore(Path file, boolean fullSync) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteDataSource writerSource = source(file, fullSync, false);
            // the driver otherwise runs "SELECT last_insert_rowid()" (a fresh statement, prepared and stepped)
            // after every INSERT so that getGeneratedKeys could answer; nothing here asks, and a WITHOUT ROWID
            // table has no row id to report anyway
            writerSource.setGetGeneratedKeys(false);
            this.writer = writerSource.getConnection();
            try (Statement statement = writer.createStatement()) {
                for (String sql : SCHEMA.split(";")) {
                    statement.execute(sql);
                }
            }
        } catch (SQLException | IOException e) {
            throw new TelemetryStoreException("cannot open the telemetry database " + file + ": " + e.getMessage(), e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("telemetry-sqlite-readers");
        hikari.setDataSource(source(file, fullSync, true));
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        hikari.setReadOnly(true);
        this.readers = new HikariDataSource(hikari);
    }

    /** Opens (creating when missing) the file; {@code fullSync} trades speed for durability across power loss. */
    public static SqliteTelemetryStore open(Path file, boolean fullSync) {
        return new SqliteTelemetryStore(file, fullSync);
    }

    public static SqliteTelemetryStore open(Path file) {
        return open(file, true);
    }

    private static SQLiteDataSource source(Path file, boolean fullSync, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setReadOnly(readOnly);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source;
    }

    @Override
    public String backend() {
        return "sqlite";
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized int write(List<TelemetryEvent> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            execute("BEGIN IMMEDIATE");
            try {
                int inserted = 0;
                int full = batch.size() - batch.size() % ROWS_PER_INSERT;
                if (full > 0) {
                    inserted += insert(INSERT_ROWS, batch.subList(0, full), ROWS_PER_INSERT);
                }
                if (full < batch.size()) {
                    int rest = batch.size() - full;
                    inserted += insert(insertSql(rest), batch.subList(full, batch.size()), rest);
                }
                execute("COMMIT");
                return inserted;
            } catch (SQLException | RuntimeException e) {
                try {
                    execute("ROLLBACK");
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new TelemetryStoreException("writing " + batch.size() + " telemetry events failed: " + e.getMessage(), e);
        }
    }

    /** Executes {@code sql} ({@code rowsPerStatement} rows) once per that many events; {@code events} is a multiple. */
    private int insert(String sql, List<TelemetryEvent> events, int rowsPerStatement) throws SQLException {
        int inserted = 0;
        try (PreparedStatement insert = writer.prepareStatement(sql)) {
            for (int from = 0; from < events.size(); from += rowsPerStatement) {
                for (int row = 0; row < rowsPerStatement; row++) {
                    bind(insert, row * 9, events.get(from + row));
                }
                inserted += insert.executeUpdate();
            }
        }
        return inserted;
    }

    private static String insertSql(int rows) {
        return "INSERT OR IGNORE INTO telemetry_events (" + COLUMNS + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    }

    private static void bind(PreparedStatement insert, int offset, TelemetryEvent event) throws SQLException {
        insert.setLong(offset + 1, Micros.of(event.time()));
        insert.setString(offset + 2, event.id().toString());
        insert.setString(offset + 3, event.type());
        insert.setInt(offset + 4, event.knownType() ? 1 : 0);
        insert.setString(offset + 5, event.executionId());
        insert.setString(offset + 6, event.phaseId());
        insert.setString(offset + 7, event.sessionId());
        insert.setString(offset + 8, event.toolUseId());
        insert.setString(offset + 9, event.dataJson());
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public List<TelemetryEvent> toolEvents(String sessionId) {
        return query(SELECT + " WHERE session_id = ? AND type IN (?, ?, ?, ?) ORDER BY time, id",
                List.of(sessionId, EventType.TOOL_EXECUTION_STARTED.wireName(), EventType.TOOL_EXECUTION_COMPLETED.wireName(),
                        EventType.TOOL_EXECUTION_FAILED.wireName(), EventType.TOOL_BLOCKED.wireName()),
                SqliteTelemetryStore::event);
    }

    @Override
    public List<UsageLine> usageLines(UsageScope scope, Dimension dimension) {
        String key = switch (dimension) {
            case SESSION -> "session_id";
            case EXECUTION -> "execution_id";
            case PHASE -> "phase_id";
            case MODEL -> "NULL";
            case TOOL -> "json_extract(data, '$.tools')";
            case REPO -> "json_extract(data, '$.repo')";
            case DAY -> "strftime('%Y-%m-%d', time / 1000000, 'unixepoch')";
        };
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        scopeFilter(scope, where, params);
        String streamed = "SELECT k, session_id, model, sum(i), sum(o), sum(cw), sum(cr) FROM ("
                + " SELECT " + key + " AS k, session_id, json_extract(data, '$.message_id') AS message_id,"
                + " json_extract(data, '$.model') AS model,"
                + " max(json_extract(data, '$.input_tokens')) AS i, max(json_extract(data, '$.output_tokens')) AS o,"
                + " max(json_extract(data, '$.cache_creation_input_tokens')) AS cw,"
                + " max(json_extract(data, '$.cache_read_input_tokens')) AS cr"
                + " FROM telemetry_events WHERE type = 'token_usage'" + where
                + " GROUP BY 1, 2, 3, 4) GROUP BY 1, 2, 3";
        List<UsageLine> lines = new ArrayList<>(query(streamed, params, rs -> new UsageLine.Streamed(rs.getString(1),
                rs.getString(2), rs.getString(3), new TokenCounts(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)))));
        lines.addAll(query("SELECT " + key + ", session_id, data FROM telemetry_events WHERE type = 'session_summary'" + where,
                params, rs -> new UsageLine.Summarized(rs.getString(1), rs.getString(2), rs.getString(3))));
        return lines;
    }

    private static void scopeFilter(UsageScope scope, StringBuilder where, List<Object> params) {
        equalsFilter(where, params, "execution_id", scope.executionId());
        equalsFilter(where, params, "phase_id", scope.phaseId());
        equalsFilter(where, params, "session_id", scope.sessionId());
        if (scope.from() != null) {
            where.append(" AND time >= ?");
            params.add(Micros.of(scope.from()));
        }
        if (scope.to() != null) {
            where.append(" AND time < ?");
            params.add(Micros.of(scope.to()));
        }
    }

    private static void equalsFilter(StringBuilder where, List<Object> params, String column, String value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    @Override
    public RecentPage recent(RecentQuery q) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!q.types().isEmpty()) {
            sql.append(" AND type IN (").append("?, ".repeat(q.types().size() - 1)).append("?)");
            params.addAll(q.types());
        }
        scopeFilter(new UsageScope(q.executionId(), q.phaseId(), q.sessionId(), q.from(), q.to()), sql, params);
        if (q.after() != null) {
            sql.append(" AND (time < ? OR (time = ? AND id < ?))");
            long micros = Micros.of(q.after().time());
            params.add(micros);
            params.add(micros);
            params.add(q.after().id().toString());
        }
        sql.append(" ORDER BY time DESC, id DESC LIMIT ").append(q.limit() + 1);
        List<TelemetryEvent> events = query(sql.toString(), params, SqliteTelemetryStore::event);
        if (events.size() > q.limit()) {
            List<TelemetryEvent> page = List.copyOf(events.subList(0, q.limit()));
            return new RecentPage(page, Optional.of(Cursor.of(page.getLast())));
        }
        return new RecentPage(events, Optional.empty());
    }

    @Override
    public long count() {
        return query("SELECT count(*) FROM telemetry_events", List.of(), rs -> rs.getLong(1)).getFirst();
    }

    @Override
    public synchronized RetentionResult dropOlderThan(Instant cutoff) {
        try (PreparedStatement delete = writer.prepareStatement("DELETE FROM telemetry_events WHERE time < ?")) {
            delete.setLong(1, Micros.of(cutoff));
            return new RetentionResult(List.of(), delete.executeUpdate());
        } catch (SQLException e) {
            throw new TelemetryStoreException("deleting old telemetry failed: " + e.getMessage(), e);
        }
    }

    private static TelemetryEvent event(ResultSet rs) throws SQLException {
        return new TelemetryEvent(UUID.fromString(rs.getString(2)), Micros.toInstant(rs.getLong(1)), rs.getString(3),
                rs.getInt(4) != 0, rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> params, RowReader<T> reader) {
        try (Connection connection = readers.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
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
    public synchronized void close() {
        readers.close();
        try {
            writer.close();
        } catch (SQLException e) {
            throw new TelemetryStoreException("closing the telemetry database failed: " + e.getMessage(), e);
        }
    }
}
