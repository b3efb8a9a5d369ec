package io.syntropic137.projections;

import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventHandler;
import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.eventstore.Snapshot;
import io.syntropic137.eventstore.Subscription;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that counts how much of the log the projection runtime reads: {@code positionsScanned} adds up the
 * range of positions each page read covered, whatever its filter, so N runners each scanning the log on their
 * own show as N times the log.
 */
final class CountingEventStore implements EventStore {
    private final EventStore delegate;
    final AtomicLong positionsScanned = new AtomicLong();

    CountingEventStore(EventStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public EventPage readPage(long afterPosition, int limit, EventFilter filter) {
        EventPage page = delegate.readPage(afterPosition, limit, filter);
        positionsScanned.addAndGet(page.scannedTo() - afterPosition);
        return page;
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int limit, EventFilter filter) {
        return readPage(afterPosition, limit, filter).events();
    }

    @Override
    public AppendOutcome append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return delegate.append(streamId, expected, events);
    }

    @Override
    public List<RecordedEvent> readStreamForward(String streamId, long fromVersion, int limit) {
        return delegate.readStreamForward(streamId, fromVersion, limit);
    }

    @Override
    public List<RecordedEvent> readStreamBackward(String streamId, long fromVersion, int limit) {
        return delegate.readStreamBackward(streamId, fromVersion, limit);
    }

    @Override
    public long streamVersion(String streamId) {
        return delegate.streamVersion(streamId);
    }

    @Override
    public long headPosition() {
        return delegate.headPosition();
    }

    @Override
    public long awaitHeadAbove(long afterPosition, Duration timeout) throws InterruptedException {
        return delegate.awaitHeadAbove(afterPosition, timeout);
    }

    @Override
    public Subscription subscribe(long afterPosition, EventFilter filter, EventHandler handler) {
        return delegate.subscribe(afterPosition, filter, handler);
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        delegate.saveSnapshot(snapshot);
    }

    @Override
    public Optional<Snapshot> loadSnapshot(String streamId) {
        return delegate.loadSnapshot(streamId);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
