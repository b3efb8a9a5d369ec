package io.syntropic137.projections.readmodels.support;

import io.syntropic137.projections.ProjectionTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The unit of work of one table in one batch: each row is read at most once, changed in memory by any number of
 * events, and written once when the batch {@link #flush flushes}. Catching up from zero therefore costs one write
 * per touched row per page rather than one per event.
 */
public final class Rows<K, R> {
    private final RowTable<K, R> table;
    private final ProjectionTables tables;
    private final Connection connection;
    /** Loaded or created rows; a null value records that the key is absent (or deleted) in this batch. */
    private final Map<K, R> rows = new HashMap<>();
    private final Map<K, Boolean> dirty = new LinkedHashMap<>();
    private PreparedStatement select;
    /** What the runner knows of this table without asking (see DomainProjection#memory), or null when nothing. */
    private final TableMemory memory;
    /** Keys of rows this batch found rather than created: their written state is worth keeping in memory. */
    private final Set<K> reused = new HashSet<>();

    Rows(RowTable<K, R> table, ProjectionTables tables, Connection connection, TableMemory memory) {
        this.memory = memory;
        this.table = table;
        this.tables = tables;
        this.connection = connection;
    }

    /** The row as this batch left it so far, if it exists. */
    public Optional<R> find(K key) throws SQLException {
        if (rows.containsKey(key)) {
            return Optional.ofNullable(rows.get(key));
        }
        if (memory != null) {
            @SuppressWarnings("unchecked")
            R kept = (R) memory.committed(key);
            if (kept != null) { // as the last committed batch wrote it: no round trip
                rows.put(key, kept);
                reused.add(key);
                return Optional.of(kept);
            }
            if (!memory.written.contains(key)) {
                rows.put(key, null); // never written into these tables: no round trip to learn it is absent
                return Optional.empty();
            }
        }
        if (select == null) {
            select = connection.prepareStatement(table.selectSql(tables));
        }
        table.bindKey(new Binder(select), key);
        R row = null;
        try (ResultSet rs = select.executeQuery()) {
            if (rs.next()) {
                row = table.readRow(rs);
            }
        }
        rows.put(key, row);
        if (row != null) {
            reused.add(key);
        }
        return Optional.ofNullable(row);
    }

    /** The row, created by {@code create} when absent; either way it will be written at the flush. */
    public R getOrCreate(K key, java.util.function.Supplier<R> create) throws SQLException {
        Optional<R> found = find(key);
        R row = found.orElseGet(create);
        put(key, row);
        return row;
    }

    /** Marks a (possibly new) row to be written at the flush. */
    public void put(K key, R row) {
        rows.put(key, row);
        dirty.put(key, Boolean.TRUE);
    }

    public void delete(K key) {
        rows.put(key, null);
        dirty.put(key, Boolean.FALSE);
    }

    /** Writes every changed row in two JDBC batches (upserts, deletes) and forgets them. */
    public void flush() throws SQLException {
        if (select != null) {
            select.close();
            select = null;
        }
        if (dirty.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(table.upsertSql(tables));
             PreparedStatement delete = connection.prepareStatement(table.deleteSql(tables))) {
            boolean upserts = false;
            boolean deletes = false;
            for (Map.Entry<K, Boolean> entry : dirty.entrySet()) {
                if (entry.getValue()) {
                    R row = rows.get(entry.getKey());
                    remember(entry.getKey(), row);
                    table.bindRow(new Binder(upsert), row);
                    upsert.addBatch();
                    upserts = true;
                } else {
                    if (memory != null) {
                        memory.drop(entry.getKey());
                    }
                    table.bindKey(new Binder(delete), entry.getKey());
                    delete.addBatch();
                    deletes = true;
                }
            }
            if (deletes) {
                delete.executeBatch();
            }
            if (upserts) {
                upsert.executeBatch();
            }
        }
        dirty.clear();
        rows.clear();
        reused.clear();
    }

    /**
     * A row written by this batch: its key is known from now on, and a row found again (not created here) is kept
     * as written, since a row that one batch came back to (a repo's health, a template's counts) the next batch
     * usually does too. A row created here replaces whatever was kept under its key.
     */
    private void remember(K key, R row) {
        if (memory == null) {
            return;
        }
        memory.written.add(key);
        if (reused.contains(key)) {
            memory.keep(key, row);
        } else {
            memory.drop(key);
        }
    }
}
