package io.syntropic137.eventstore;

import java.util.List;

/**
 * A page of a filtered global read. {@code scannedTo} is the position up to which every event was considered,
 * matching or not, so the next read can start there instead of rescanning what the filter dropped.
 */
public record EventPage(List<RecordedEvent> events, long scannedTo) {
}
