package io.syntropic137.domain.shared;

import java.util.List;

/**
 * An aggregate's state. {@code decide} is pure: the same state and command always give the same answer;
 * {@code evolve} applies an event that {@code decide} produced earlier and never refuses one.
 */
public interface Aggregate<S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> {

    Result<List<E>, Rejection> decide(C command);

    S evolve(E event);

    /** Applies events in order. */
    default S evolveAll(List<? extends E> events) {
        @SuppressWarnings("unchecked")
        S state = (S) this;
        for (E event : events) {
            state = state.evolve(event);
        }
        return state;
    }
}
