package io.syntropic137.projections.readmodels.support;

import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.ReadModelDatabase;
import io.syntropic137.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows a generation never wrote go to PostgreSQL with COPY; what comes back must be what was bound. */
class PostgresCopyRowsTest {
    /** Key, text, optional number. */
    static final class Triples extends RowTable<String, Object[]> {
        Triples() {
            super("triples", Column.of(Column.text("k"), Column.optionalText("v"), Column.optionalNumber("n")), 1, List.of(List.of("v")));
        }

        @Override
        protected void bindKey(Binder binder, String key) throws SQLException {
            binder.text(key);
        }

        @Override
        protected void bindRow(Binder binder, Object[] row) throws SQLException {
            binder.text((String) row[0]).text((String) row[1]).optionalNumber((Long) row[2]);
        }

        @Override
        protected Object[] read(RowReader reader) throws SQLException {
            return new Object[]{reader.text(), reader.text(), reader.optionalNumber()};
        }
    }

    private static final List<String> AWKWARD = List.of("plain", "tab\there", "new\nline", "carriage\rreturn", "back\\slash",
            "\\N", "\\.", "", "é ü ß 😀", "quote \" and ' and ,", "trailing backslash \\");

    private final Triples triples = new Triples();
    private final ProjectionTables tables = new ProjectionTables("triples", 1);
    private PostgresTestDatabase pg;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        pg = PostgresTestDatabase.create("syn_copy_rows");
        c = pg.connect();
        c.setAutoCommit(false);
        triples.create(tables, c, ReadModelDatabase.Dialect.POSTGRES);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
        pg.close();
    }

    @Test
    void freshRowsCopiedAndRowsWrittenAgainUpsertedReadBackAsBound() throws SQLException {
        TableMemory memory = new TableMemory();
        Map<String, Object[]> expected = new LinkedHashMap<>();
        Rows<String, Object[]> first = new Rows<>(triples, tables, c, memory);
        for (int i = 0; i < 40; i++) { // more than PostgresCopy.MIN_ROWS: these go with COPY
            Object[] row = {"k" + i, i % 7 == 3 ? null : AWKWARD.get(i % AWKWARD.size()) + i, i % 5 == 0 ? null : (long) i * 1_000_000_007L};
            first.put((String) row[0], row);
            expected.put((String) row[0], row);
        }
        first.flush();
        c.commit();
        assertThat(table()).containsExactlyInAnyOrderEntriesOf(expected);

        Rows<String, Object[]> second = new Rows<>(triples, tables, c, memory); // found again: upserted
        for (int i = 0; i < 40; i += 2) {
            Object[] row = second.find("k" + i).orElseThrow();
            row[1] = "changed\t" + i;
            second.put("k" + i, row);
            expected.put("k" + i, row);
        }
        for (int i = 40; i < 60; i++) { // fresh again: copied beside the upserts
            Object[] row = {"k" + i, AWKWARD.get(i % AWKWARD.size()), (long) -i};
            second.put((String) row[0], row);
            expected.put((String) row[0], row);
        }
        second.flush();
        c.commit();
        assertThat(table()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private Map<String, Object[]> table() throws SQLException {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT k, v, n FROM " + tables.of("triples"))) {
            while (rs.next()) {
                Object[] row = triples.readRow(rs);
                rows.put((String) row[0], row);
            }
        }
        return rows;
    }
}
