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
    /** The PostgreSQL connection for COPY, found on the first flush that could use it. */
    private org.postgresql.PGConnection copyTarget;
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
            select = Statements.prepare(connection, table.selectSql(tables));
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

    /**
     * Writes every changed row and forgets them: deletes and upserts in JDBC batches, and on PostgreSQL the rows
     * this generation never wrote (known only while it builds from empty tables alone) with COPY.
     */
    public void flush() throws SQLException {
        try {
            write();
        } catch (SQLException | RuntimeException e) {
            Statements.discard(connection); // the batch rolls back; its statements start afresh
            throw e;
        }
        dirty.clear();
        rows.clear();
        reused.clear();
    }

    private void write() throws SQLException {
        if (select != null) {
            Statements.release(connection, select);
            select = null;
        }
        if (dirty.isEmpty()) {
            return;
        }
        StringBuilder copyLines = copiesFreshRows() ? new StringBuilder(dirty.size() * 128) : null;
        RowValues values = new RowValues();
        PreparedStatement upsert = null;
        PreparedStatement delete = null; // prepared only when a row is deleted: most batches delete none
        try {
            for (Map.Entry<K, Boolean> entry : dirty.entrySet()) {
                K key = entry.getKey();
                if (entry.getValue()) {
                    R row = rows.get(key);
                    values.clear();
                    table.bindRow(Binder.into(values), row);
                    if (copyLines != null && isFresh(key)) {
                        values.copyLine(copyLines);
                    } else {
                        if (upsert == null) {
                            upsert = Statements.prepare(connection, table.upsertSql(tables));
                        }
                        values.bind(upsert);
                        upsert.addBatch();
                    }
                    remember(key, row);
                } else {
                    if (memory != null) {
                        memory.drop(key);
                    }
                    if (delete == null) {
                        delete = Statements.prepare(connection, table.deleteSql(tables));
                    }
                    table.bindKey(new Binder(delete), key);
                    delete.addBatch();
                }
            }
            if (delete != null) {
                delete.executeBatch();
            }
            if (upsert != null) {
                upsert.executeBatch();
            }
            if (copyLines != null && !copyLines.isEmpty()) {
                PostgresCopy.copy(copyTarget, table.copySql(tables), copyLines);
            }
            if (memory != null) {
                memory.endOfBatch();
            }
        } finally {
            if (upsert != null) {
                Statements.release(connection, upsert);
            }
            if (delete != null) {
                Statements.release(connection, delete);
            }
        }
    }

    /** A row this generation never wrote (no row can exist under its key, so a plain insert cannot conflict). */
    private boolean isFresh(K key) {
        return !reused.contains(key) && !memory.written.contains(key);
    }

    /** Whether fresh rows go with COPY: on PostgreSQL, with the written keys known, when there are enough of them. */
    private boolean copiesFreshRows() throws SQLException {
        if (memory == null || dirty.size() < PostgresCopy.MIN_ROWS) {
            return false;
        }
        if (copyTarget == null && (copyTarget = PostgresCopy.of(connection)) == null) {
            return false;
        }
        int fresh = 0;
        for (Map.Entry<K, Boolean> entry : dirty.entrySet()) {
            if (entry.getValue() && isFresh(entry.getKey()) && ++fresh >= PostgresCopy.MIN_ROWS) {
                return true;
            }
        }
        return false;
    }

    /**
     * A row written by this batch: its key is known from now on, and a row found again (not created here) is kept
     * as written, since a row that one batch came back to (a repo's health, a template's counts) the next batch
     * usually does too. A row created here is kept until the next batch (a run straddling two batches) and
     * replaces whatever was kept under its key.
     */
    private void remember(K key, R row) {
        if (memory == null) {
            return;
        }
        memory.written.add(key);
        if (reused.contains(key)) {
            memory.keep(key, row);
        } else {
            memory.keepCreated(key, row);
        }
    }
}
