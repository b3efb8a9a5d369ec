package io.syntropic137.projections;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The bookkeeping tables: which generation of each projection queries read, and each generation's checkpoint.
 * Checkpoint updates are conditional on the previous position, so two nodes running the same projection
 * cannot both apply a batch: the second one's transaction finds the checkpoint moved and rolls back.
 */
final class ProjectionRegistry {

    record Active(long generation, int version) {
    }

    static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS projection_registry (
                        name TEXT PRIMARY KEY,
                        active_generation BIGINT NOT NULL,
                        active_version INTEGER NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS projection_checkpoints (
                        name TEXT NOT NULL,
                        generation BIGINT NOT NULL,
                        version INTEGER NOT NULL,
                        position BIGINT NOT NULL,
                        PRIMARY KEY (name, generation))""");
        }
    }

    static Optional<Active> active(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT active_generation, active_version FROM projection_registry WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Active(rs.getLong(1), rs.getInt(2))) : Optional.empty();
            }
        }
    }

    static void setActive(Connection c, String name, long generation, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO projection_registry (name, active_generation, active_version) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET active_generation = excluded.active_generation,
                  active_version = excluded.active_version""")) {
            s.setString(1, name);
            s.setLong(2, generation);
            s.setInt(3, version);
            s.executeUpdate();
        }
    }

    static long highestGeneration(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(max(generation), 0) FROM projection_checkpoints WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static long checkpoint(Connection c, String name, long generation) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT position FROM projection_checkpoints WHERE name = ? AND generation = ?")) {
            s.setString(1, name);
            s.setLong(2, generation);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static void createCheckpoint(Connection c, String name, long generation, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO projection_checkpoints (name, generation, version, position) VALUES (?, ?, ?, 0)
                ON CONFLICT (name, generation) DO NOTHING""")) {
            s.setString(1, name);
            s.setLong(2, generation);
            s.setInt(3, version);
            s.executeUpdate();
        }
    }

    /**
     * Locks the checkpoint row for this transaction (PostgreSQL; SQLite's write transaction already holds the
     * file) and returns its position, so a node that lost the race learns it before touching any read-model row.
     */
    static long lockCheckpoint(Connection c, ReadModelDatabase.Dialect dialect, String name, long generation) throws SQLException {
        String lock = dialect == ReadModelDatabase.Dialect.POSTGRES ? " FOR UPDATE" : "";
        try (PreparedStatement s = c.prepareStatement(
                "SELECT position FROM projection_checkpoints WHERE name = ? AND generation = ?" + lock)) {
            s.setString(1, name);
            s.setLong(2, generation);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("generation " + generation + " of projection " + name + " has no checkpoint (retired?)");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Moves the checkpoint from {@code expected} to {@code position}; false if someone else moved it first. */
    static boolean advance(Connection c, String name, long generation, long expected, long position) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE projection_checkpoints SET position = ? WHERE name = ? AND generation = ? AND position = ?")) {
            s.setLong(1, position);
            s.setString(2, name);
            s.setLong(3, generation);
            s.setLong(4, expected);
            return s.executeUpdate() == 1;
        }
    }

    static void dropGeneration(Connection c, Projection projection, long generation) throws SQLException {
        ProjectionTables tables = new ProjectionTables(projection.name(), generation);
        try (Statement s = c.createStatement()) {
            for (String table : projection.tables()) {
                s.execute("DROP TABLE IF EXISTS " + tables.of(table));
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM projection_checkpoints WHERE name = ? AND generation = ?")) {
            s.setString(1, projection.name());
            s.setLong(2, generation);
            s.executeUpdate();
        }
    }

    private ProjectionRegistry() {
    }
}
