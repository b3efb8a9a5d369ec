package io.syntropic137.domain.shared;

/** A request to change one aggregate. Time and new ids arrive inside the command, never from a clock. */
public interface Command {

    /** The id of the aggregate this command addresses. */
    String aggregateId();
}
