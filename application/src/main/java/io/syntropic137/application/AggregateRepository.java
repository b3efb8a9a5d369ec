package io.syntropic137.application;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Command;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.EventStoreException;
import io.syntropic137.eventstore.LoadedStream;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.eventstore.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rebuilds aggregates from the event store (latest snapshot + newer events) and saves snapshots. */
public final class AggregateRepository {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AggregateRepository.class);

    /** Version of the snapshot envelope; snapshots of another version are ignored and the stream replayed. */
    static final int SNAPSHOT_FORMAT = 1;
    private static final int PAGE = 1_000;

    private final EventStore store;
    private final EventCodec codec;

    public AggregateRepository(EventStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    public <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> LoadedAggregate<S, E> load(
            AggregateType<S, C, E> type, String streamId) {
        LoadedStream stream = store.load(streamId);
        Optional<S> fromSnapshot = stream.snapshot().flatMap(snapshot -> readSnapshot(type, snapshot));
        if (fromSnapshot.isPresent()) {
            long base = stream.snapshot().get().streamVersion();
            return new LoadedAggregate<S, E>(streamId, base, fromSnapshot.get(), List.of())
                    .plus(apply(type, fromSnapshot.get(), stream.eventsAfterSnapshot()));
        }
        List<RecordedEvent> events = stream.snapshot().isEmpty() ? stream.eventsAfterSnapshot() : readFrom(streamId, 1);
        return new LoadedAggregate<S, E>(streamId, 0, type.initial(), List.of()).plus(apply(type, type.initial(), events));
    }

    /** Adds whatever other writers appended since {@code loaded} was read. */
    public <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> LoadedAggregate<S, E> catchUp(
            AggregateType<S, C, E> type, LoadedAggregate<S, E> loaded) {
        return loaded.plus(apply(type, loaded.state(), readFrom(loaded.streamId(), loaded.version() + 1)));
    }

    public <S> void saveSnapshot(String streamId, long version, S state) {
        try {
            store.saveSnapshot(new Snapshot(streamId, version, SNAPSHOT_FORMAT, codec.json().write(state)));
        } catch (EventStoreException e) {
            // A snapshot only speeds up loading; the events are already committed, so the command succeeded.
            LOG.warn("saving the snapshot of {} at version {} failed; loads replay more events until the next one: {}",
                    streamId, version, e.toString());
        }
    }

    <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> List<LoadedAggregate.Applied<S, E>> apply(
            AggregateType<S, C, E> type, S from, List<RecordedEvent> events) {
        List<LoadedAggregate.Applied<S, E>> applied = new ArrayList<>(events.size());
        S state = from;
        for (RecordedEvent recorded : events) {
            E event = decode(type, recorded);
            state = state.evolve(event);
            applied.add(new LoadedAggregate.Applied<>(recorded, event, state));
        }
        return applied;
    }

    <E extends DomainEvent> E decode(AggregateType<?, ?, E> type, RecordedEvent recorded) {
        DomainEvent event = codec.decode(recorded);
        if (!type.eventType().isInstance(event)) {
            throw new IllegalStateException("stream '" + recorded.streamId() + "' holds a " + recorded.type()
                    + ", which is not an event of " + type.name());
        }
        return type.eventType().cast(event);
    }

    List<RecordedEvent> readFrom(String streamId, long fromVersion) {
        List<RecordedEvent> events = new ArrayList<>();
        long from = fromVersion;
        while (true) {
            List<RecordedEvent> page = store.readStreamForward(streamId, from, PAGE);
            events.addAll(page);
            if (page.size() < PAGE) {
                return events;
            }
            from = page.getLast().streamVersion() + 1;
        }
    }

    private <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> Optional<S> readSnapshot(
            AggregateType<S, C, E> type, Snapshot snapshot) {
        if (snapshot.schemaVersion() != SNAPSHOT_FORMAT) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.json().read(snapshot.state(), type.stateType()));
        } catch (IllegalArgumentException staleShape) {
            // The state record changed since the snapshot was taken: replaying the events is always correct.
            LOG.info("ignoring the snapshot of {} (its shape is outdated: {}); replaying its events", snapshot.streamId(),
                    staleShape.getMessage());
            return Optional.empty();
        }
    }

    EventStore store() {
        return store;
    }
}
