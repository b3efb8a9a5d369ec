package io.syntropic137.eventstore;

import java.util.List;
import java.util.Optional;

/**
 * What an aggregate needs to rebuild: the latest snapshot (if any) and only the events after it.
 * {@code version} is the stream's current version.
 */
public record LoadedStream(String streamId, Optional<Snapshot> snapshot, List<RecordedEvent> eventsAfterSnapshot,
                           long version) {
}
