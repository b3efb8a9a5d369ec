package io.syntropic137.application;

/**
 * When to save a snapshot. A snapshot is written once {@code every + keepAfter} events follow the previous
 * one, and it captures the state {@code keepAfter} events before the head. Keeping those last events out of
 * the snapshot means a load always sees the most recent events, which is how a re-sent command is
 * recognised without a separate idempotency table.
 */
public record SnapshotPolicy(int every, int keepAfter) {

    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(100, 32);
    public static final SnapshotPolicy NEVER = new SnapshotPolicy(Integer.MAX_VALUE / 2, 0);

    public SnapshotPolicy {
        if (every < 1 || keepAfter < 0) {
            throw new IllegalArgumentException("every must be >= 1 and keepAfter >= 0");
        }
    }

    boolean isDue(long eventsSinceSnapshot) {
        return eventsSinceSnapshot >= (long) every + keepAfter;
    }
}
