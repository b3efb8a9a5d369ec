package io.syntropic137.projections.readmodels.support;

/**
 * Which page of a list to return. {@code cursor} is null for the first page, otherwise the {@code nextCursor}
 * of the previous page; it is opaque to callers.
 */
public record PageRequest(int limit, String cursor) {
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    public PageRequest next(String nextCursor) {
        return new PageRequest(limit, nextCursor);
    }

    /** The row offset of an offset cursor (lists whose order has a unique tie-breaker use these). */
    public int offset() {
        if (cursor == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(cursor);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cursor + "' is not a cursor of this list");
        }
    }

    public String cacheKey() {
        return limit + "/" + (cursor == null ? "" : cursor);
    }
}
