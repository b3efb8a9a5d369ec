package io.syntropic137.domain.shared;

import java.util.Objects;

/**
 * Everything generic code needs to know about one kind of aggregate: its stable name (the stream prefix),
 * the state before the first event, and the types of its state, commands and events.
 */
public record AggregateType<S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent>(
        String name, S initial, Class<S> stateType, Class<C> commandType, Class<E> eventType) {

    public AggregateType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(stateType, "stateType");
        Objects.requireNonNull(commandType, "commandType");
        Objects.requireNonNull(eventType, "eventType");
    }
}
