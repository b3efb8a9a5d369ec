package io.syntropic137.eventstore.sqlite;

import io.syntropic137.eventstore.EventStoreException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings the database file to the newest schema. Versions are counted in {@code PRAGMA user_version}; each
 * migration runs in its own transaction together with the version bump, so a crash leaves a whole version.
 * (Flyway, used for PostgreSQL, does not support SQLite in its open-source modules.)
 */
final class SqliteSchema {
    private static final List<String> MIGRATIONS = List.of("V1__events.sql", "V2__compact_events.sql");

    static void migrate(Connection connection) {
        migrate(connection, MIGRATIONS.size());
    }

    /** Brings the file to {@code target} (tests use an older target to build a database as an old build left it). */
    static void migrate(Connection connection, int target) {
        try (Statement statement = connection.createStatement()) {
            int current = userVersion(statement);
            if (current > MIGRATIONS.size()) {
                throw new EventStoreException("the database has schema version " + current
                        + ", newer than this build knows (" + MIGRATIONS.size() + "); upgrade Syntropic137");
            }
            for (int version = current + 1; version <= target; version++) {
                // the write lock first, then the version again: another process opening the same file may have
                // migrated meanwhile, and running a migration twice would rebuild an already rebuilt table
                statement.execute("BEGIN IMMEDIATE");
                try {
                    if (userVersion(statement) >= version) {
                        statement.execute("COMMIT");
                        continue;
                    }
                    for (String sql : statements(MIGRATIONS.get(version - 1))) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + version);
                    statement.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    try {
                        statement.execute("ROLLBACK");
                    } catch (SQLException rollbackFailure) {
                        e.addSuppressed(rollbackFailure);
                    }
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new EventStoreException("migrating the SQLite event store failed: " + e.getMessage(), e);
        }
    }

    private static int userVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static List<String> statements(String resource) {
        try (InputStream in = SqliteSchema.class.getResourceAsStream("/db/eventstore/sqlite/" + resource)) {
            if (in == null) {
                throw new EventStoreException("migration " + resource + " is missing from the build");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String withoutComments = text.lines().map(line -> {
                int comment = line.indexOf("--");
                return comment >= 0 ? line.substring(0, comment) : line;
            }).reduce("", (a, b) -> a + "\n" + b);
            return java.util.Arrays.stream(withoutComments.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new EventStoreException("reading migration " + resource + " failed: " + e.getMessage(), e);
        }
    }

    private SqliteSchema() {
    }
}
