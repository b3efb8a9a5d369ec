package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pagination of list commands: one page ({@code --limit}, {@code --cursor}) or every page ({@code --all}). */
final class PageOptions {
    /** The server's largest page; --all reads with it to need the fewest requests. */
    private static final int MAX_LIMIT = 500;

    @Option(names = "--limit", paramLabel = "N", description = "items per page (1-500, server default 50)")
    Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "the page after this cursor (printed under a list)")
    String cursor;

    @Option(names = "--all", description = "read every page")
    boolean all;

    /** The page (or, with --all, every item in one {@code {"items": [...], "nextCursor": null}}). */
    JsonNode fetch(ApiClient client, String path, Map<String, Object> filters) {
        if (!all) {
            return client.get(ApiClient.path(path, with(filters, limit, cursor)));
        }
        ObjectNode combined = ApiClient.JSON.createObjectNode();
        ArrayNode items = combined.putArray("items");
        String next = cursor;
        do {
            JsonNode page = client.get(ApiClient.path(path, with(filters, limit == null ? MAX_LIMIT : limit, next)));
            page.path("items").forEach(items::add);
            next = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (next != null);
        combined.putNull("nextCursor");
        return combined;
    }

    private static Map<String, Object> with(Map<String, Object> filters, Integer limit, String cursor) {
        Map<String, Object> query = new LinkedHashMap<>(filters);
        query.put("limit", limit);
        query.put("cursor", cursor);
        return query;
    }

    /** Under a table: how to get the next page, when there is one. */
    static void printMore(PrintWriter out, JsonNode page) {
        if (page.path("nextCursor").isTextual()) {
            out.println("(more: --cursor " + page.get("nextCursor").asText() + ", or --all)");
        }
        out.flush();
    }
}
