package io.syntropic137.observability.bench;

import io.syntropic137.observability.Micros;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryStore;
import io.syntropic137.observability.sqlite.SqliteTelemetryStore;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A database file in a temporary directory, deleted at the end; same durability settings for both sides. */
final class SqliteBench implements BenchBackend {
    private final Path directory;
    private final Path file;
    private final boolean baselineGeneratedKeys;

    /**
     * @param baselineGeneratedKeys the driver's default (true): the baseline stays the plain JDBC insert; false
     *                              only for a like-for-like reading, with the lookup our store's writer skips
     *                              also skipped by the baseline
     */
    SqliteBench(boolean baselineGeneratedKeys) throws Exception {
        this.baselineGeneratedKeys = baselineGeneratedKeys;
        this.directory = Files.createTempDirectory("syn-bench-telemetry");
        this.file = directory.resolve("telemetry.db");
        SqliteTelemetryStore.open(file).close(); // creates the schema
    }

    private Connection connect() throws Exception {
        return connect(true);
    }

    private Connection connect(boolean generatedKeys) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        source.setGetGeneratedKeys(generatedKeys);
        return source.getConnection();
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public TelemetryStore openStore() {
        return SqliteTelemetryStore.open(file);
    }

    @Override
    public void reset() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM telemetry_events");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    @Override
    public double baseline(List<TelemetryEvent> events, int chunk) throws Exception {
        try (Connection c = connect(baselineGeneratedKeys); Statement tx = c.createStatement();
             PreparedStatement insert = c.prepareStatement("INSERT INTO telemetry_events"
                     + " (time, id, type, known, execution_id, phase_id, session_id, tool_use_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long start = System.nanoTime();
            for (int from = 0; from < events.size(); from += chunk) {
                tx.execute("BEGIN IMMEDIATE");
                for (TelemetryEvent e : events.subList(from, Math.min(events.size(), from + chunk))) {
                    insert.setLong(1, Micros.of(e.time()));
                    insert.setString(2, e.id().toString());
                    insert.setString(3, e.type());
                    insert.setInt(4, e.knownType() ? 1 : 0);
                    insert.setString(5, e.executionId());
                    insert.setString(6, e.phaseId());
                    insert.setString(7, e.sessionId());
                    insert.setString(8, e.toolUseId());
                    insert.setString(9, e.dataJson());
                    insert.executeUpdate();
                }
                tx.execute("COMMIT");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    @Override
    public void fillTo(long total, int executions, Instant start, Duration span) throws Exception {
        long have = count();
        long chunk = 1_000_000;
        try (Connection c = connect(); Statement tx = c.createStatement()) {
            for (long from = have; from < total; from += chunk) {
                long to = Math.min(total, from + chunk) - 1;
                tx.execute("BEGIN IMMEDIATE");
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO telemetry_events (time, id, type, known, execution_id, phase_id, session_id, tool_use_id, data)
                        WITH RECURSIVE g(x) AS (SELECT ? UNION ALL SELECT x + 1 FROM g WHERE x < ?)
                        SELECT ? + ((x * 7919) % ?) * 1000, 'fill-' || x,
                               CASE x % 5 WHEN 0 THEN 'token_usage' WHEN 1 THEN 'tool_execution_started'
                                          WHEN 2 THEN 'tool_execution_completed' WHEN 3 THEN 'token_usage' ELSE 'api_retry' END,
                               1, 'exec-' || ((x / 5) % ?), 'phase-' || (x % 4), 'fill-sess-' || ((x / 5) % (? * 4)),
                               CASE WHEN x % 5 IN (1, 2) THEN 'toolu_fill_' || x END,
                               CASE WHEN x % 5 IN (0, 3) THEN json_object('message_id', 'msg_fill_' || x,
                                        'model', CASE WHEN x % 2 = 0 THEN 'claude-opus-5-5' ELSE 'claude-sonnet-5-5' END,
                                        'input_tokens', 4 + x % 13, 'output_tokens', 120 + x % 400,
                                        'cache_creation_input_tokens', 1200 + x % 900, 'cache_read_input_tokens', 11000 + x % 5000,
                                        'tools', json_array('Bash'), 'repo', 'acme/repo-' || (x % 20))
                                    ELSE json_object('tool_name', 'Bash', 'attempt', x % 3) END
                        FROM g""")) {
                    s.setLong(1, from);
                    s.setLong(2, to);
                    s.setLong(3, Micros.of(start));
                    s.setLong(4, Math.max(1, span.toMillis()));
                    s.setInt(5, executions);
                    s.setInt(6, executions);
                    s.executeUpdate();
                }
                tx.execute("COMMIT");
            }
            tx.execute("ANALYZE");
        }
    }

    @Override
    public String footprint() throws Exception {
        // DELETE leaves the file's size alone: pages in use are the file's pages less the free ones
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet pages = s.executeQuery("SELECT p.page_count - f.freelist_count FROM pragma_page_count() p, pragma_freelist_count() f")) {
            pages.next();
            return String.format(java.util.Locale.ROOT, ", %,d pages in use", pages.getLong(1));
        }
    }

    @Override
    public void describe(java.util.Map<String, Object> json) {
        json.put("baseline_generated_keys", baselineGeneratedKeys);
    }

    @Override
    public long count() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM telemetry_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
