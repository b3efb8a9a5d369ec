package io.syntropic137.eventstore;

/**
 * The state of a stream's aggregate after applying events up to {@code streamVersion}. {@code schemaVersion}
 * is the version of the state's JSON shape, so a loader can ignore a snapshot of a shape it no longer reads.
 */
public record Snapshot(String streamId, long streamVersion, int schemaVersion, String state) {
}
