package io.syntropic137.projections.readmodels.support;

import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.ReadModelDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A read-model table whose rows a projection folds in memory: the first {@code keyColumns} columns are the
 * primary key, a row is read and written whole. Subclasses say how a key and a row map onto the columns.
 */
public abstract class RowTable<K, R> {
    private final String logicalName;
    private final List<Column> columns;
    private final int keyColumns;
    private final List<List<String>> indexes;

    protected RowTable(String logicalName, List<Column> columns, int keyColumns, List<List<String>> indexes) {
        this.logicalName = logicalName;
        this.columns = List.copyOf(columns);
        this.keyColumns = keyColumns;
        this.indexes = List.copyOf(indexes);
    }

    /** Binds the key columns in order. */
    protected abstract void bindKey(Binder binder, K key) throws SQLException;

    /** Binds every column in order, the key first. */
    protected abstract void bindRow(Binder binder, R row) throws SQLException;

    /** Reads every column in order. */
    protected abstract R read(RowReader reader) throws SQLException;

    public String logicalName() {
        return logicalName;
    }

    public String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    public void create(ProjectionTables tables, Connection c, ReadModelDatabase.Dialect dialect) throws SQLException {
        String table = tables.of(logicalName);
        String key = columns.subList(0, keyColumns).stream().map(Column::name).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (" + columns.stream().map(column -> column.ddl(dialect)).collect(Collectors.joining(", "))
                    + ", PRIMARY KEY (" + key + "))");
            int n = 0;
            for (List<String> index : indexes) {
                s.execute("CREATE INDEX ix_" + table + "_" + (n++) + " ON " + table + " (" + String.join(", ", index) + ")");
            }
        }
    }

    /** The statements' SQL per generation, built once: a batch asks for it at every flush. */
    private final java.util.Map<ProjectionTables, String[]> sql = new java.util.concurrent.ConcurrentHashMap<>();

    private String[] sql(ProjectionTables tables) {
        return sql.computeIfAbsent(tables, t -> new String[]{buildSelectSql(t), buildUpsertSql(t), buildDeleteSql(t), buildCopySql(t)});
    }

    String selectSql(ProjectionTables tables) {
        return sql(tables)[0];
    }

    String upsertSql(ProjectionTables tables) {
        return sql(tables)[1];
    }

    String deleteSql(ProjectionTables tables) {
        return sql(tables)[2];
    }

    String copySql(ProjectionTables tables) {
        return sql(tables)[3];
    }

    private String buildSelectSql(ProjectionTables tables) {
        return "SELECT " + columnList() + " FROM " + tables.of(logicalName) + " WHERE " + keyPredicate();
    }

    private String buildUpsertSql(ProjectionTables tables) {
        String names = columnList();
        String params = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        String key = columns.subList(0, keyColumns).stream().map(Column::name).collect(Collectors.joining(", "));
        String updates = columns.subList(keyColumns, columns.size()).stream().map(c -> c.name() + " = excluded." + c.name())
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + tables.of(logicalName) + " (" + names + ") VALUES (" + params + ") ON CONFLICT (" + key + ") "
                + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + updates);
    }

    private String buildCopySql(ProjectionTables tables) {
        return "COPY " + tables.of(logicalName) + " (" + columnList() + ") FROM STDIN";
    }

    private String buildDeleteSql(ProjectionTables tables) {
        return "DELETE FROM " + tables.of(logicalName) + " WHERE " + keyPredicate();
    }

    private String keyPredicate() {
        return columns.subList(0, keyColumns).stream().map(c -> c.name() + " = ?").collect(Collectors.joining(" AND "));
    }

    /** The rows of this table as one batch sees them. */
    public Rows<K, R> rows(ProjectionTables tables, Connection c) {
        return new Rows<>(this, tables, c, DomainProjection.memory(logicalName));
    }

    public R readRow(java.sql.ResultSet rs) throws SQLException {
        return read(new RowReader(rs));
    }
}
