package io.syntropic137.observability.postgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Daily partitions of {@code telemetry_events}, named {@code telemetry_events_pYYYYMMDD}, bounded in UTC.
 * Created ahead of time and on demand for the days of a batch; another process creating the same partition at
 * the same moment is expected and tolerated. Retention drops partitions whose whole day is before the cutoff.
 */
final class Partitions {
    static final String PARENT = "telemetry_events";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final DataSource dataSource;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    Partitions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static String name(LocalDate day) {
        return PARENT + "_p" + SUFFIX.format(day);
    }

    static LocalDate dayOf(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    /** Makes sure a partition exists for each day; cheap when they are already known to exist. */
    void ensure(Collection<LocalDate> days) throws SQLException {
        List<LocalDate> missing = new ArrayList<>();
        for (LocalDate day : days) {
            if (!known.contains(day)) {
                missing.add(day);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (LocalDate day : new TreeSet<>(missing)) {
                create(connection, day);
                known.add(day);
            }
        }
    }

    void ensureAhead(LocalDate today, int daysAhead) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i <= daysAhead; i++) {
            days.add(today.plusDays(i));
        }
        ensure(days);
    }

    /** Forgets what is known, e.g. after a write found a partition missing (dropped by another process). */
    void forget() {
        known.clear();
    }

    private static void create(Connection connection, LocalDate day) throws SQLException {
        String sql = "CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF " + PARENT
                + " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            // IF NOT EXISTS is not atomic against a concurrent creator: the loser sees a duplicate name
            // (42P07) or a unique violation in the catalog (23505). Either way the partition now exists.
            boolean concurrent = "42P07".equals(e.getSQLState()) || "23505".equals(e.getSQLState());
            if (!concurrent || !exists(connection, day)) {
                throw e;
            }
        }
    }

    private static boolean exists(Connection connection, LocalDate day) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT to_regclass('" + name(day) + "') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Partition days currently attached, oldest first. */
    List<LocalDate> list() throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                     + " WHERE i.inhparent = '" + PARENT + "'::regclass ORDER BY c.relname")) {
            String prefix = PARENT + "_p";
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.startsWith(prefix) && name.length() == prefix.length() + 8) {
                    days.add(LocalDate.parse(name.substring(prefix.length()), SUFFIX));
                }
            }
        }
        return days;
    }

    /** Drops every partition whose day ends at or before the cutoff; returns their names. */
    List<String> dropBefore(Instant cutoff) throws SQLException {
        List<String> dropped = new ArrayList<>();
        for (LocalDate day : list()) {
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!end.isAfter(cutoff)) {
                try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + name(day));
                }
                known.remove(day);
                dropped.add(name(day));
            }
        }
        return dropped;
    }
}
