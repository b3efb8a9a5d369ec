package io.syntropic137.bench.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.sqlite.SqliteEventColumns;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A database file in a temporary directory, deleted with its WAL when closed. */
final class SqliteBenchDatabase implements BenchDatabase {
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+\"?events\"?");
    private static final Pattern CREATE_INDEX =
            Pattern.compile("(?is)^\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(IF\\s+NOT\\s+EXISTS\\s+)?\"?(\\w+)\"?\\s+ON\\s+\"?events\"?");

    private final Path directory;
    private final Path file;
    private final boolean fullSync;

    private SqliteBenchDatabase(Path directory, boolean fullSync) {
        this.directory = directory;
        this.fullSync = fullSync;
        this.file = directory.resolve("events.db");
    }

    /** {@code fullSync} as in {@link SqliteEventStoreConfig#fullSync()}; the baseline gets the same setting. */
    static SqliteBenchDatabase create(String label, boolean fullSync) {
        Path directory;
        try {
            directory = Files.createTempDirectory("syn-bench-" + label + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the benchmark database", e);
        }
        SqliteBenchDatabase database = new SqliteBenchDatabase(directory, fullSync);
        try {
            database.openStore().close();
            database.copyEventsTableShape();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The baseline table is built from the store's own DDL, so it cannot drift from the real shape. */
    private void copyEventsTableShape() {
        try (HikariDataSource pool = baselinePool(1); Connection connection = pool.getConnection();
             Statement statement = connection.createStatement()) {
            List<String> ddl = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT sql FROM sqlite_master WHERE tbl_name = 'events' AND sql IS NOT NULL ORDER BY type = 'index'")) {
                while (rs.next()) {
                    ddl.add(rs.getString(1));
                }
            }
            for (String sql : ddl) {
                statement.execute(forBaseline(sql));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating " + BASELINE_TABLE + " in " + file + " failed: " + e.getMessage(), e);
        }
    }

    static String forBaseline(String sql) {
        Matcher table = CREATE_TABLE.matcher(sql);
        if (table.find()) {
            return table.replaceFirst("CREATE TABLE " + BASELINE_TABLE);
        }
        Matcher index = CREATE_INDEX.matcher(sql);
        if (index.find()) {
            String unique = index.group(1) == null ? "" : "UNIQUE ";
            return index.replaceFirst("CREATE " + unique + "INDEX baseline_" + index.group(3) + " ON " + BASELINE_TABLE);
        }
        throw new IllegalStateException("cannot copy this part of the events schema: " + sql);
    }

    @Override
    public EventStore openStore() {
        return SqliteEventStore.open(SqliteEventStoreConfig.of(file).withFullSync(fullSync));
    }

    @Override
    public HikariDataSource baselinePool(int connections) {
        // the same durability and locking settings the store's writer uses (WAL, same synchronous mode, 10 s busy wait)
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(10_000);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("baseline-" + directory.getFileName());
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(connections);
        hikari.setMinimumIdle(connections);
        hikari.setConnectionTimeout(30_000);
        return new HikariDataSource(hikari);
    }

    @Override
    public String baselineInsert() {
        return "INSERT INTO " + BASELINE_TABLE + " (stream_id, stream_version, event_id, type, data, meta) VALUES (?, ?, ?, ?, ?, ?)";
    }

    /** The row shape is the store's (event id as 16 bytes, the packed {@code meta} blob), so its encoder builds them. */
    @Override
    public void bindBaselineRow(PreparedStatement insert, String streamId, long version, NewEvent event, long recordedAtMicros)
            throws SQLException {
        insert.setString(1, streamId);
        insert.setLong(2, version);
        insert.setBytes(3, SqliteEventColumns.eventId(event.eventId()));
        insert.setString(4, event.type());
        insert.setString(5, event.data());
        insert.setBytes(6, SqliteEventColumns.meta(event.schemaVersion(), recordedAtMicros, event.causation().correlationId(),
                event.causation().causationId(), event.causation().actor()));
    }

    @Override
    public String readColumns(boolean streamRead) {
        return streamRead ? SqliteEventColumns.STREAM_READ : SqliteEventColumns.ALL_READ;
    }

    /**
     * getString for the text columns, getBytes for the blobs, and no decoding of the blobs: what plain JDBC pulls out
     * of these rows. (Our store reads text with getBytes and decodes it itself, which the driver makes cheaper than
     * getString, so it can come in under this.)
     */
    @Override
    public long consumeRow(ResultSet row, boolean streamRead) throws SQLException {
        int column = 1;
        long position = row.getLong(column++);
        String stream = streamRead ? "" : row.getString(column++);
        long version = row.getLong(column++);
        byte[] id = row.getBytes(column++);
        String type = row.getString(column++);
        String data = row.getString(column++);
        byte[] meta = row.getBytes(column);
        return position + stream.length() + version + id.length + type.length() + data.length() + meta.length;
    }

    @Override
    public void settle() {
        try (HikariDataSource pool = baselinePool(1); Connection connection = pool.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new IllegalStateException("checkpointing " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        try (HikariDataSource pool = baselinePool(1); Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            return "SQLite " + rs.getString(1) + " file under " + directory.getParent() + " (WAL, synchronous=" + (fullSync ? "FULL" : "NORMAL") + ")";
        } catch (SQLException e) {
            return "SQLite file " + file;
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark database under " + directory, e);
        }
    }
}
