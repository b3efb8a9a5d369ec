package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A command that changes something: it sends the change, then (when it prints what it changed) reads with
 * {@code ?after=<position of the change>}, so the read already shows the write.
 */
abstract class WriteCommand extends ApiCommand {

    static ObjectNode body() {
        return ApiClient.JSON.createObjectNode();
    }

    /** The position of the change's events, from the server's {@code {"id", "position"}} answer. */
    static long positionOf(JsonNode accepted) {
        return accepted.path("position").asLong();
    }

    /** The path with {@code ?after=<position of accepted>} added to its query. */
    static String after(String path, Map<String, Object> query, JsonNode accepted) {
        Map<String, Object> withAfter = new java.util.LinkedHashMap<>(query);
        withAfter.put("after", positionOf(accepted));
        return ApiClient.path(path, withAfter);
    }

    /**
     * The item of a list whose {@code idField} is {@code id}, read after the change; every page is read, as the
     * list routes have no lookup by id. Null when it is not there (e.g. deleted).
     */
    JsonNode findAfter(String listPath, Map<String, Object> filters, String idField, String id, JsonNode accepted) {
        String cursor = null;
        do {
            Map<String, Object> query = new java.util.LinkedHashMap<>(filters);
            query.put("limit", 500);
            query.put("cursor", cursor);
            JsonNode page = client().get(after(listPath, query, accepted));
            for (JsonNode item : page.path("items")) {
                if (id.equals(item.path(idField).asText())) {
                    return item;
                }
            }
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return null;
    }

    /**
     * Prints the changed item as its list shows it after the change (read with ?after=): as JSON, or one line and
     * its row; when it is no longer listed (deleted), the server's answer or the line alone.
     */
    int printAfter(Listing listing, String verb, String id, JsonNode accepted) {
        JsonNode item = findAfter(listing.path(), ApiClient.query(), listing.idField(), id, accepted);
        if (json()) {
            printJson(item == null ? accepted : item);
            return ExitCodes.OK;
        }
        out().println(verb + " " + listing.noun() + " " + id);
        if (item != null) {
            listing.printOne(out(), item);
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** For a change that shows nothing afterwards: the accepted answer as JSON, or one line. */
    void printAccepted(JsonNode accepted, String line) {
        if (json()) {
            printJson(accepted);
        } else {
            out().println(line);
            out().flush();
        }
    }
}
