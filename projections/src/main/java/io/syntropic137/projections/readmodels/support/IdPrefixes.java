package io.syntropic137.projections.readmodels.support;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the short ids users type: the ids of one read-model table that start with a prefix, in order. Read
 * directly (not cached), so something created a moment ago is found; a range on the key column, so it is an index scan.
 */
public final class IdPrefixes {
    private IdPrefixes() {
    }

    public static List<String> find(CachedReads reads, String projection, String table, String idColumn, String prefix,
                                    int limit) {
        return reads.direct(projection, "ids/" + table + "/" + prefix, (tables, c) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + idColumn + " FROM " + tables.of(table)
                    + " WHERE " + idColumn + " >= ? AND " + idColumn + " < ? ORDER BY " + idColumn + " LIMIT ?")) {
                ps.setString(1, prefix);
                ps.setString(2, prefix + Character.MAX_VALUE);
                ps.setInt(3, limit);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }
}
