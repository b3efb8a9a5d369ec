package io.syntropic137.application;

import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.Rejection;

import java.util.List;

/** What became of one command. */
public sealed interface CommandOutcome<E extends DomainEvent> {

    /**
     * The command was accepted. {@code events} may be empty (nothing to record). {@code position} is the global
     * position of the last event written (0 when none), for read-your-writes; {@code streamVersion} is the
     * aggregate's version afterwards. {@code repeated} is true when this is the stored outcome of an earlier
     * send with the same idempotency key.
     */
    record Accepted<E extends DomainEvent>(String streamId, List<E> events, long streamVersion, long position,
                                           boolean repeated) implements CommandOutcome<E> {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    /** The aggregate refused the command; nothing was written. */
    record Rejected<E extends DomainEvent>(String streamId, Rejection rejection) implements CommandOutcome<E> {
    }

    /**
     * Other writers changed the aggregate every time this command was decided, as many times as the retry
     * policy allows. Nothing was written; sending it again is safe.
     */
    record Contended<E extends DomainEvent>(String streamId, int attempts) implements CommandOutcome<E> {
    }
}
