package io.syntropic137.projections.readmodels.support;

import io.syntropic137.projections.ProjectionTables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
        pairs.create(tables, c);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void withTheKeysOfEveryWrittenRowAnUnwrittenKeyIsAbsentWithoutALookup() throws SQLException {
        Set<Object> written = ConcurrentHashMap.newKeySet();
        Rows<String, String[]> batch = new Rows<>(pairs, tables, c, written);
        batch.put("a", new String[]{"a", "1"});
        batch.flush();
        assertThat(written).containsExactly("a");
        try (Statement s = c.createStatement()) { // a row these rows never wrote: only a lookup could see it
            s.execute("INSERT INTO " + tables.of("pairs") + " (k, v) VALUES ('b', '2')");
        }

        Rows<String, String[]> next = new Rows<>(pairs, tables, c, written);
        assertThat(next.find("a")).hasValueSatisfying(row -> assertThat(row[1]).isEqualTo("1"));
        assertThat(next.find("b")).isEmpty();

        Rows<String, String[]> unknown = new Rows<>(pairs, tables, c, null);
        assertThat(unknown.find("b")).hasValueSatisfying(row -> assertThat(row[1]).isEqualTo("2"));
    }
}
