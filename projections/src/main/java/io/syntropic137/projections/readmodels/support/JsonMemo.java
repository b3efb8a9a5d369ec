package io.syntropic137.projections.readmodels.support;

/**
 * The JSON text of one column of one row, kept while the row holds the same value (by identity; the values are
 * immutable lists, maps and records). A row rewritten by every batch for its counters — a trigger's fire count —
 * then serializes its unchanged rules once rather than at every write: with Jackson that was a few thousand
 * calls per catch-up, enough to have its serializers compiled by C2 in the middle of it.
 */
public final class JsonMemo {
    private Object value;
    private String text;

    /** The JSON text of {@code current}. */
    public String of(Object current) {
        if (text == null || current != value) {
            text = CachedReads.json(current);
            value = current;
        }
        return text;
    }

    /** Records that {@code value} was read from {@code text}. */
    public <T> T read(T value, String text) {
        this.value = value;
        this.text = text;
        return value;
    }
}
