package io.syntropic137.application;

import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.RecordedEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * An aggregate as loaded: the base state (from a snapshot, or the initial state) at {@code baseVersion},
 * then each event read after it together with the state it produced. Keeping every intermediate state
 * costs only references and lets the handler snapshot an older version without replaying.
 */
public record LoadedAggregate<S, E extends DomainEvent>(String streamId, long baseVersion, S baseState,
                                                        List<Applied<S, E>> applied) {

    /** One stored event, decoded, and the state after it. */
    public record Applied<S, E extends DomainEvent>(RecordedEvent recorded, E event, S stateAfter) {
    }

    public LoadedAggregate {
        applied = List.copyOf(applied);
    }

    public S state() {
        return applied.isEmpty() ? baseState : applied.getLast().stateAfter();
    }

    public long version() {
        return baseVersion + applied.size();
    }

    /** The state at a version between the base and the head. */
    public S stateAt(long version) {
        if (version < baseVersion || version > version()) {
            throw new IllegalArgumentException("version " + version + " is outside " + baseVersion + ".." + version());
        }
        return version == baseVersion ? baseState : applied.get((int) (version - baseVersion - 1)).stateAfter();
    }

    LoadedAggregate<S, E> plus(List<Applied<S, E>> newer) {
        var all = new ArrayList<Applied<S, E>>(applied.size() + newer.size());
        all.addAll(applied);
        all.addAll(newer);
        return new LoadedAggregate<>(streamId, baseVersion, baseState, all);
    }
}
