package io.syntropic137.projections.readmodels.support;

import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.ReadModelDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowsTest {
    /** A two-column table: key and value. */
    static final class Pairs extends RowTable<String, String[]> {
        Pairs() {
            super("pairs", Column.of(Column.text("k"), Column.text("v")), 1, List.of());
        }

        @Override
        protected void bindKey(Binder binder, String key) throws SQLException {
            binder.text(key);
        }

        @Override
        protected void bindRow(Binder binder, String[] row) throws SQLException {
            binder.text(row[0]).text(row[1]);
        }

        @Override
        protected String[] read(RowReader reader) throws SQLException {
            return new String[]{reader.text(), reader.text()};
        }
    }

    private final Pairs pairs = new Pairs();
    private final ProjectionTables tables = new ProjectionTables("pairs", 1);
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite::memory:");
        pairs.create(tables, c, ReadModelDatabase.Dialect.SQLITE);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void withTheKeysOfEveryWrittenRowAnUnwrittenKeyIsAbsentWithoutALookup() throws SQLException {
        TableMemory memory = new TableMemory();
        Rows<String, String[]> batch = new Rows<>(pairs, tables, c, memory);
        batch.put("a", new String[]{"a", "1"});
        batch.flush();
        assertThat(memory.written).containsExactly("a");
        try (Statement s = c.createStatement()) { // a row these rows never wrote: only a lookup could see it
            s.execute("INSERT INTO " + tables.of("pairs") + " (k, v) VALUES ('b', '2')");
        }

        Rows<String, String[]> next = new Rows<>(pairs, tables, c, memory);
        assertThat(next.find("a")).hasValueSatisfying(row -> assertThat(row[1]).isEqualTo("1"));
        assertThat(next.find("b")).isEmpty();

        Rows<String, String[]> unknown = new Rows<>(pairs, tables, c, null);
        assertThat(unknown.find("b")).hasValueSatisfying(row -> assertThat(row[1]).isEqualTo("2"));
    }

    @Test
    void aRowFoundAgainIsKeptAsWritten() throws SQLException {
        TableMemory memory = new TableMemory();
        Rows<String, String[]> first = new Rows<>(pairs, tables, c, memory);
        first.put("a", new String[]{"a", "1"});
        first.flush();
        Rows<String, String[]> second = new Rows<>(pairs, tables, c, memory); // finds it in the table, changes it
        String[] found = second.find("a").orElseThrow();
        found[1] = "2";
        second.put("a", found);
        second.flush();
        setBehindTheRowsBack("a", "from elsewhere");

        Rows<String, String[]> third = new Rows<>(pairs, tables, c, memory);
        assertThat(third.find("a")).hasValueSatisfying(row -> assertThat(row[1]).isEqualTo("2")); // kept: no lookup
    }

    @Test
    void aRowCreatedIsKeptForTheNextBatchOnlyAndReplacesTheKeptOne() throws SQLException {
        TableMemory memory = new TableMemory();
        Rows<String, String[]> first = new Rows<>(pairs, tables, c, memory);
        first.put("a", new String[]{"a", "1"});
        first.put("b", new String[]{"b", "1"});
        first.flush();
        setBehindTheRowsBack("a", "from elsewhere");
        setBehindTheRowsBack("b", "from elsewhere");

        Rows<String, String[]> second = new Rows<>(pairs, tables, c, memory);
        String[] a = second.find("a").orElseThrow(); // a run straddling two batches: created by the first, no lookup
        assertThat(a[1]).isEqualTo("1");
        second.put("a", a);
        second.put("c", new String[]{"c", "1"});
        second.flush();

        Rows<String, String[]> third = new Rows<>(pairs, tables, c, memory);
        // b was left alone by the batch after the one that created it: looked up again
        assertThat(third.find("b")).hasValueSatisfying(row -> assertThat(row[1]).isEqualTo("from elsewhere"));
        third.put("a", new String[]{"a", "created again"}); // replaces the kept one (found again) without a find
        third.flush();
        setBehindTheRowsBack("a", "from elsewhere");

        Rows<String, String[]> fourth = new Rows<>(pairs, tables, c, memory);
        assertThat(fourth.find("a")).hasValueSatisfying(row -> assertThat(row[1]).isEqualTo("created again"));
        fourth.put("d", new String[]{"d", "1"});
        fourth.flush();

        Rows<String, String[]> fifth = new Rows<>(pairs, tables, c, memory);
        assertThat(fifth.find("a")).hasValueSatisfying(row -> assertThat(row[1]).isEqualTo("from elsewhere"));
    }

    @Test
    void aDeletedRowIsNotKept() throws SQLException {
        TableMemory memory = new TableMemory();
        Rows<String, String[]> first = new Rows<>(pairs, tables, c, memory);
        first.put("a", new String[]{"a", "1"});
        first.put("b", new String[]{"b", "1"});
        first.flush();
        Rows<String, String[]> second = new Rows<>(pairs, tables, c, memory);
        second.put("a", second.find("a").orElseThrow());
        second.delete("b");
        second.flush();

        Rows<String, String[]> third = new Rows<>(pairs, tables, c, memory);
        assertThat(third.find("b")).isEmpty();
        third.delete("a");
        third.flush();
        Rows<String, String[]> fourth = new Rows<>(pairs, tables, c, memory);
        assertThat(fourth.find("a")).isEmpty();
    }

    private void setBehindTheRowsBack(String key, String value) throws SQLException {
        try (var s = c.prepareStatement("UPDATE " + tables.of("pairs") + " SET v = ? WHERE k = ?")) {
            s.setString(1, value);
            s.setString(2, key);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
