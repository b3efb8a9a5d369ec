package io.syntropic137.projections;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
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
            s.execute("""
                    CREATE TABLE IF NOT EXISTS projection_leases (
                        name TEXT PRIMARY KEY,
                        owner TEXT NOT NULL,
                        expires_at BIGINT NOT NULL)""");
        }
    }

    /**
     * Takes or extends the lease on running a projection until {@code expiresAt} (epoch ms); false when another
     * owner holds an unexpired one. One statement, so two nodes racing for a free lease cannot both win.
     */
    static boolean lease(Connection c, String name, String owner, long now, long expiresAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO projection_leases (name, owner, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE projection_leases.owner = excluded.owner OR projection_leases.expires_at < ?""")) {
            s.setString(1, name);
            s.setString(2, owner);
            s.setLong(3, expiresAt);
            s.setLong(4, now);
            return s.executeUpdate() == 1;
        }
    }

    static void releaseLease(Connection c, String name, String owner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM projection_leases WHERE name = ? AND owner = ?")) {
            s.setString(1, name);
            s.setString(2, owner);
            s.executeUpdate();
        }
    }

    /** The active generation of every projection and its checkpoint: what a node that does not run them follows. */
    static Map<String, long[]> activePositions(Connection c) throws SQLException {
        Map<String, long[]> result = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT r.name, r.active_generation, c.position FROM projection_registry r
                JOIN projection_checkpoints c ON c.name = r.name AND c.generation = r.active_generation""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
            }
        }
        return result;
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
     * Moves the checkpoint from {@code expected} to {@code to} as the first statement of a batch's transaction and
     * returns -1; or, when another node moved it first, returns where it is and changes nothing. The
     * update takes the row lock (PostgreSQL; SQLite's write transaction already holds the file), so a node that
     * lost the race learns it before touching any read-model row, in one round trip instead of a locking read
     * and an update.
     */
    static long claim(Connection c, String name, long generation, long expected, long to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE projection_checkpoints SET position = ? WHERE name = ? AND generation = ? AND position = ?")) {
            s.setLong(1, to);
            s.setString(2, name);
            s.setLong(3, generation);
            s.setLong(4, expected);
            if (s.executeUpdate() == 1) {
                return -1;
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT position FROM projection_checkpoints WHERE name = ? AND generation = ?")) {
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
