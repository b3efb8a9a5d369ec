package io.syntropic137.observability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The answer of {@link TelemetryBuffer#offer}: the whole batch taken, or none of it. */
public sealed interface Offer {
    /** Taken; {@code stored} completes once every event of the batch is committed to the database. */
    record Accepted(CompletableFuture<Void> stored) implements Offer {
    }

    /** The buffer is full: nothing was taken; try again after the hint. */
    record Full(Duration retryAfter) implements Offer {
    }

    /** The buffer is shutting down and takes nothing more. */
    record Closed() implements Offer {
    }
}
