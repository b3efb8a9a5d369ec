package io.syntropic137.observability;

import java.time.Instant;
import java.util.Set;

/**
 * Filters for the recent-events list; null or empty means "any". Pages go newest first; {@code after} is the
 * cursor of the previous page's last event (or null for the first page).
 */
public record RecentQuery(Set<String> types, String executionId, String phaseId, String sessionId,
                          Instant from, Instant to, Cursor after, int limit) {
    public static final int MAX_LIMIT = 1000;

    public RecentQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    public static RecentQuery latest(int limit) {
        return new RecentQuery(Set.of(), null, null, null, null, null, null, limit);
    }

    public RecentQuery withCursor(Cursor cursor) {
        return new RecentQuery(types, executionId, phaseId, sessionId, from, to, cursor, limit);
    }
}
