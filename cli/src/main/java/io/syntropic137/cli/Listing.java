package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * How one kind of item is listed: its list route, the field that identifies an item, the table and a row. The
 * list command and the commands that print an item after changing it use the same one, so both look alike.
 *
 * @param noun     what an item is called in messages ("organization")
 * @param path     the list route
 * @param idField  the field of an item that holds its id
 */
record Listing(String noun, String path, String idField, Supplier<Table> table, BiConsumer<Table, JsonNode> row) {

    /** The page's items as a table, and how to read more when there are more. */
    void print(PrintWriter out, JsonNode page) {
        Table t = table.get();
        page.path("items").forEach(item -> row.accept(t, item));
        t.print(out);
        PageOptions.printMore(out, page);
    }

    /** One item as a one-row table. */
    void printOne(PrintWriter out, JsonNode item) {
        Table t = table.get();
        row.accept(t, item);
        t.print(out);
    }
}
