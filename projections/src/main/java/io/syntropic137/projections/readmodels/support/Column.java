package io.syntropic137.projections.readmodels.support;

import io.syntropic137.projections.ReadModelDatabase;

import java.util.ArrayList;
import java.util.List;

/** One column of a read-model table; types are the subset SQLite and PostgreSQL spell the same way. */
public record Column(String name, String type, boolean nullable) {

    public static Column text(String name) {
        return new Column(name, "TEXT", false);
    }

    public static Column optionalText(String name) {
        return new Column(name, "TEXT", true);
    }

    public static Column number(String name) {
        return new Column(name, "BIGINT", false);
    }

    public static Column optionalNumber(String name) {
        return new Column(name, "BIGINT", true);
    }

    /** The four token counts, bound and read by {@link Binder#tokens} and {@link RowReader#tokens}. */
    public static List<Column> tokens(String prefix) {
        return List.of(number(prefix + "input_tokens"), number(prefix + "output_tokens"),
                number(prefix + "cache_creation_tokens"), number(prefix + "cache_read_tokens"));
    }

    /** Flattens single columns and column groups such as {@link #tokens}, keeping their order. */
    public static List<Column> of(Object... columnsOrGroups) {
        List<Column> result = new ArrayList<>();
        for (Object item : columnsOrGroups) {
            if (item instanceof Column c) {
                result.add(c);
            } else if (item instanceof List<?> group) {
                group.forEach(c -> result.add((Column) c));
            } else {
                throw new IllegalArgumentException("not a column: " + item);
            }
        }
        return List.copyOf(result);
    }

    /**
     * On PostgreSQL text compares byte by byte ({@code COLLATE "C"}), as SQLite's default does: ids are opaque, the
     * prefix search ({@link IdPrefixes}) needs code-point order, and both backends then sort alike. A database
     * created with a locale's collation would otherwise order ids by that locale's rules (ignoring the hyphens in
     * them) and spend its index inserts in the locale's comparison.
     */
    String ddl(ReadModelDatabase.Dialect dialect) {
        String collation = type.equals("TEXT") && dialect == ReadModelDatabase.Dialect.POSTGRES ? " COLLATE \"C\"" : "";
        return name + " " + type + collation + (nullable ? "" : " NOT NULL");
    }
}
