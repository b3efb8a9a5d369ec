package io.syntropic137.eventstore;

import java.time.Duration;
import java.util.Optional;

/** A running subscription. Events reach the handler in global order, each exactly once, one at a time. */
public interface Subscription extends AutoCloseable {

    /** The position of the last event handed to the handler (or skipped by the filter). */
    long position();

    /** Waits until the subscription has processed everything up to {@code position}; false on timeout. */
    boolean awaitPosition(long position, Duration timeout) throws InterruptedException;

    /** Set when the handler threw: the subscription stopped at the failing event. */
    Optional<Throwable> failure();

    boolean isRunning();

    @Override
    void close();
}
