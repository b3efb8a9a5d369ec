package io.syntropic137.eventstore;

import java.util.List;
import java.util.Optional;

/**
 * The event store port. It knows streams, versions and positions, never what an event means.
 *
 * <p>Guarantees every backend keeps (checked by the shared contract tests):
 * <ul>
 *   <li>an append is atomic and checked against its expected version on its own;</li>
 *   <li>appending the same event ids again returns the original result and writes nothing;</li>
 *   <li>global positions follow commit order: once a reader has seen position P, no event below P ever
 *       becomes visible later;</li>
 *   <li>events are returned upcast to their newest schema version.</li>
 * </ul>
 */
public interface EventStore extends AutoCloseable {

    /**
     * Appends events to one stream if its version matches. Invalid input raises {@link InvalidAppendException}
     * and writes nothing; I/O failures raise {@link EventStoreException}.
     */
    AppendOutcome append(String streamId, ExpectedVersion expected, List<NewEvent> events);

    /** Events of a stream with version >= {@code fromVersion}, oldest first, at most {@code limit}. */
    List<RecordedEvent> readStreamForward(String streamId, long fromVersion, int limit);

    /** Events of a stream with version <= {@code fromVersion}, newest first, at most {@code limit}. */
    List<RecordedEvent> readStreamBackward(String streamId, long fromVersion, int limit);

    /** The stream's current version (0 when it has no events). */
    long streamVersion(String streamId);

    /** Events with position > {@code afterPosition} in global order, at most {@code limit}. */
    default List<RecordedEvent> readAll(long afterPosition, int limit) {
        return readAll(afterPosition, limit, EventFilter.ALL);
    }

    /** Like {@link #readAll(long, int)}, keeping only events that match the filter. */
    List<RecordedEvent> readAll(long afterPosition, int limit, EventFilter filter);

    /**
     * Like {@link #readAll(long, int, EventFilter)}, also telling how far the read looked: the next read can
     * start at {@link EventPage#scannedTo()} even when the filter dropped every event in between.
     */
    EventPage readPage(long afterPosition, int limit, EventFilter filter);

    /** The highest committed position (0 when the store is empty). */
    long headPosition();

    /**
     * Waits until an event with a position above {@code afterPosition} is committed (by any process), or the
     * timeout passes. Returns the head position seen last.
     */
    long awaitHeadAbove(long afterPosition, java.time.Duration timeout) throws InterruptedException;

    /**
     * Delivers every matching event after {@code afterPosition}: first those already stored, then new ones as
     * they are committed (by this process or another), without gap or duplicate across the switch.
     */
    Subscription subscribe(long afterPosition, EventFilter filter, EventHandler handler);

    void saveSnapshot(Snapshot snapshot);

    Optional<Snapshot> loadSnapshot(String streamId);

    /** The latest snapshot plus only the events after it. */
    default LoadedStream load(String streamId) {
        Optional<Snapshot> snapshot = loadSnapshot(streamId);
        long from = snapshot.map(s -> s.streamVersion() + 1).orElse(1L);
        List<RecordedEvent> events = new java.util.ArrayList<>();
        while (true) {
            List<RecordedEvent> page = readStreamForward(streamId, from, 1000);
            events.addAll(page);
            if (page.size() < 1000) {
                break;
            }
            from = page.getLast().streamVersion() + 1;
        }
        long version = events.isEmpty() ? snapshot.map(Snapshot::streamVersion).orElse(0L) : events.getLast().streamVersion();
        return new LoadedStream(streamId, snapshot, List.copyOf(events), version);
    }

    @Override
    void close();
}
