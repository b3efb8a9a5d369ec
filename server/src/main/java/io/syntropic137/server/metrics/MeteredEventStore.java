package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventHandler;
import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.LoadedStream;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.eventstore.Snapshot;
import io.syntropic137.eventstore.Subscription;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The event store with its appends timed and counted. Every write of this node passes here, so the events it stored
 * are also handed to {@code stored} (which counts executions and phases) without a second reader of the store.
 */
public final class MeteredEventStore implements EventStore {
    private final EventStore store;
    private final Meter.MeterProvider<Timer> appends;
    private final Counter appendedEvents;
    private final Consumer<List<NewEvent>> stored;

    public MeteredEventStore(EventStore store, MeterRegistry registry, Consumer<List<NewEvent>> stored) {
        this.store = store;
        this.stored = stored;
        this.appends = Timer.builder("syn.eventstore.append")
                .description("Appends to the event store by outcome (appended, duplicate: stored before, conflict: "
                        + "wrong expected version, error)")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofSeconds(1))
                .withRegistry(registry);
        this.appendedEvents = Counter.builder("syn.eventstore.appended.events")
                .description("Events this node wrote to the event store").register(registry);
    }

    @Override
    public AppendOutcome append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            AppendOutcome result = store.append(streamId, expected, events);
            outcome = switch (result) {
                case AppendOutcome.Appended appended when appended.alreadyStored() -> "duplicate";
                case AppendOutcome.Appended appended -> "appended";
                case AppendOutcome.WrongExpectedVersion wrong -> "conflict";
            };
            if (outcome.equals("appended")) {
                appendedEvents.increment(events.size());
                stored.accept(events);
            }
            return result;
        } finally {
            appends.withTags(Tags.of("outcome", outcome)).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public List<RecordedEvent> readStreamForward(String streamId, long fromVersion, int limit) {
        return store.readStreamForward(streamId, fromVersion, limit);
    }

    @Override
    public List<RecordedEvent> readStreamBackward(String streamId, long fromVersion, int limit) {
        return store.readStreamBackward(streamId, fromVersion, limit);
    }

    @Override
    public long streamVersion(String streamId) {
        return store.streamVersion(streamId);
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int limit) {
        return store.readAll(afterPosition, limit);
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int limit, EventFilter filter) {
        return store.readAll(afterPosition, limit, filter);
    }

    @Override
    public EventPage readPage(long afterPosition, int limit, EventFilter filter) {
        return store.readPage(afterPosition, limit, filter);
    }

    @Override
    public long headPosition() {
        return store.headPosition();
    }

    @Override
    public long awaitHeadAbove(long afterPosition, Duration timeout) throws InterruptedException {
        return store.awaitHeadAbove(afterPosition, timeout);
    }

    @Override
    public Subscription subscribe(long afterPosition, EventFilter filter, EventHandler handler) {
        return store.subscribe(afterPosition, filter, handler);
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        store.saveSnapshot(snapshot);
    }

    @Override
    public Optional<Snapshot> loadSnapshot(String streamId) {
        return store.loadSnapshot(streamId);
    }

    @Override
    public LoadedStream load(String streamId) {
        return store.load(streamId);
    }

    @Override
    public void close() {
        store.close();
    }
}
