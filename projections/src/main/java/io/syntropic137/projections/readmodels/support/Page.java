package io.syntropic137.projections.readmodels.support;

import java.util.List;

/** One page of a list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    /**
     * Builds an offset page from up to {@code limit + 1} rows read: the extra row only tells whether a next page
     * exists.
     */
    public static <T> Page<T> fromOffset(List<T> rowsPlusOne, PageRequest request) {
        if (rowsPlusOne.size() > request.limit()) {
            return new Page<>(rowsPlusOne.subList(0, request.limit()), Integer.toString(request.offset() + request.limit()));
        }
        return new Page<>(rowsPlusOne, null);
    }
}
