package io.syntropic137.application;

import io.syntropic137.application.CommandOutcome.Accepted;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.RecordedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what an earlier send of a keyed command wrote. The cheap path looks at the events a load already
 * read; the stored path reads the stream backwards and is used only when the cheap one cannot be sure
 * (the command was refused or recorded nothing this time, or the store reported an id conflict).
 */
final class EarlierOutcomes {

    private static final int PAGE = 256;

    private final AggregateRepository repository;
    private final int lookback;

    EarlierOutcomes(AggregateRepository repository, int lookback) {
        this.repository = repository;
        this.lookback = lookback;
    }

    <E extends DomainEvent> Optional<Accepted<E>> inLoaded(LoadedAggregate<?, E> loaded, String key) {
        var first = IdempotentEventIds.of(loaded.streamId(), key, 0);
        List<? extends LoadedAggregate.Applied<?, E>> applied = loaded.applied();
        for (int i = 0; i < applied.size(); i++) {
            if (applied.get(i).recorded().eventId().equals(first)) {
                List<E> events = new ArrayList<>();
                RecordedEvent last = null;
                for (int j = i; j < applied.size()
                        && applied.get(j).recorded().eventId().equals(IdempotentEventIds.of(loaded.streamId(), key, j - i)); j++) {
                    events.add(applied.get(j).event());
                    last = applied.get(j).recorded();
                }
                return Optional.of(new Accepted<>(loaded.streamId(), events, last.streamVersion(), last.position(), true));
            }
        }
        return Optional.empty();
    }

    /** Searches versions at or below {@code fromVersion}, newest first, at most {@code lookback} events. */
    <E extends DomainEvent> Optional<Accepted<E>> inStore(AggregateType<?, ?, E> type, String streamId, String key,
                                                          long fromVersion) {
        var first = IdempotentEventIds.of(streamId, key, 0);
        long from = fromVersion;
        int scanned = 0;
        while (from >= 1 && scanned < lookback) {
            List<RecordedEvent> page = repository.store().readStreamBackward(streamId, from, PAGE);
            for (RecordedEvent recorded : page) {
                if (recorded.eventId().equals(first)) {
                    return Optional.of(readRun(type, streamId, key, recorded.streamVersion()));
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            scanned += page.size();
            from = page.getLast().streamVersion() - 1;
        }
        return Optional.empty();
    }

    /** The consecutive events from {@code firstVersion} whose ids belong to {@code key}. */
    <E extends DomainEvent> Accepted<E> readRun(AggregateType<?, ?, E> type, String streamId, String key,
                                                long firstVersion) {
        List<E> events = new ArrayList<>();
        RecordedEvent last = null;
        long from = firstVersion;
        int index = 0;
        boolean more = true;
        while (more) {
            List<RecordedEvent> page = repository.store().readStreamForward(streamId, from, PAGE);
            more = page.size() == PAGE;
            for (RecordedEvent recorded : page) {
                if (!recorded.eventId().equals(IdempotentEventIds.of(streamId, key, index))) {
                    more = false;
                    break;
                }
                events.add(repository.decode(type, recorded));
                last = recorded;
                index++;
            }
            from += page.size();
        }
        if (last == null) {
            throw new IllegalStateException("the first event of command key '" + key + "' vanished from " + streamId);
        }
        return new Accepted<>(streamId, events, last.streamVersion(), last.position(), true);
    }
}
