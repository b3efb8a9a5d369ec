package io.syntropic137.modelserver;

import java.util.List;
import java.util.Objects;

/**
 * A scripted conversation: the assistant replies (and injected faults) served, in order, to the successive
 * Messages API requests of one session, and what to answer once they are used up.
 *
 * @param name          where the script came from (file name or resource), used in messages and logs
 * @param turns         the turns in serving order
 * @param whenExhausted the answer to every request after the last turn
 */
public record Script(String name, List<Turn> turns, WhenExhausted whenExhausted) {

    public Script {
        Objects.requireNonNull(name, "name");
        turns = List.copyOf(turns);
        Objects.requireNonNull(whenExhausted, "whenExhausted");
    }
}
