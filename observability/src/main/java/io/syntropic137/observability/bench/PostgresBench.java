package io.syntropic137.observability.bench;

import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryStore;
import io.syntropic137.observability.postgres.PostgresTelemetryConfig;
import io.syntropic137.observability.postgres.PostgresTelemetryStore;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A throwaway database on the PostgreSQL server the tests use ({@code SYN_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/}, {@code SYN_TEST_PG_USER} default postgres, {@code SYN_TEST_PG_PASSWORD}),
 * dropped at the end.
 */
final class PostgresBench implements BenchBackend {
    private final String serverUrl;
    private final String user;
    private final String password;
    private final String database;

    PostgresBench() throws Exception {
        String url = setting("SYN_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        this.serverUrl = url.endsWith("/") ? url : url + "/";
        this.user = setting("SYN_TEST_PG_USER", "postgres");
        this.password = setting("SYN_TEST_PG_PASSWORD", "");
        this.database = "syn_bench_telemetry_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(serverUrl + database, user, password);
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public TelemetryStore openStore() {
        return PostgresTelemetryStore.open(PostgresTelemetryConfig.of(serverUrl + database, user, password));
    }

    @Override
    public void reset() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE telemetry_events");
            s.execute("CHECKPOINT");
        }
    }

    @Override
    public double baseline(List<TelemetryEvent> events, int chunk) throws Exception {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (int from = 0; from < events.size(); from += chunk) {
                byte[] rows = encode(events.subList(from, Math.min(events.size(), from + chunk)));
                copy.copyIn("COPY telemetry_events (time, id, type, known, execution_id, phase_id, session_id, tool_use_id, data) FROM STDIN",
                        new ByteArrayInputStream(rows));
                c.commit();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** The baseline's own COPY text encoding, so that it shares nothing with the code it is compared to. */
    private static byte[] encode(List<TelemetryEvent> events) {
        StringBuilder out = new StringBuilder(events.size() * 320);
        for (TelemetryEvent e : events) {
            out.append(e.time()).append('\t').append(e.id()).append('\t').append(e.type()).append('\t')
                    .append(e.knownType() ? 't' : 'f').append('\t');
            for (String value : new String[]{e.executionId(), e.phaseId(), e.sessionId(), e.toolUseId(), e.dataJson()}) {
                out.append(value == null ? "\\N" : value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"));
                out.append('\t');
            }
            out.setCharAt(out.length() - 1, '\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void fillTo(long total, int executions, Instant start, Duration span) throws Exception {
        long have = count();
        long chunk = 1_000_000;
        try (Connection c = connect()) {
            c.setAutoCommit(true);
            for (long from = have; from < total; from += chunk) {
                long to = Math.min(total, from + chunk) - 1;
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO telemetry_events (time, id, type, known, execution_id, phase_id, session_id, tool_use_id, data)
                        SELECT ?::timestamptz + ((g * 7919) % ?) * interval '1 millisecond', md5('fill' || g)::uuid,
                               CASE g % 5 WHEN 0 THEN 'token_usage' WHEN 1 THEN 'tool_execution_started'
                                          WHEN 2 THEN 'tool_execution_completed' WHEN 3 THEN 'token_usage' ELSE 'api_retry' END,
                               true, 'exec-' || ((g / 5) % ?), 'phase-' || (g % 4), 'fill-sess-' || ((g / 5) % (? * 4)),
                               CASE WHEN g % 5 IN (1, 2) THEN 'toolu_fill_' || g END,
                               CASE WHEN g % 5 IN (0, 3) THEN jsonb_build_object('message_id', 'msg_fill_' || g,
                                        'model', CASE WHEN g % 2 = 0 THEN 'claude-opus-5-5' ELSE 'claude-sonnet-5-5' END,
                                        'input_tokens', 4 + g % 13, 'output_tokens', 120 + g % 400,
                                        'cache_creation_input_tokens', 1200 + g % 900, 'cache_read_input_tokens', 11000 + g % 5000,
                                        'tools', jsonb_build_array('Bash'), 'repo', 'acme/repo-' || (g % 20))
                                    ELSE jsonb_build_object('tool_name', 'Bash', 'attempt', g % 3) END
                        FROM generate_series(?::bigint, ?::bigint) AS g""")) {
                    s.setObject(1, start.atOffset(java.time.ZoneOffset.UTC));
                    s.setLong(2, Math.max(1, span.toMillis()));
                    s.setInt(3, executions);
                    s.setInt(4, executions);
                    s.setLong(5, from);
                    s.setLong(6, to);
                    s.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE telemetry_events");
            }
        }
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
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
}
