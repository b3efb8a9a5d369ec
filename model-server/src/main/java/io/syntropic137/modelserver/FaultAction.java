package io.syntropic137.modelserver;

import java.util.Optional;

/** What a {@link Turn.Fault} does to the request it answers. */
public sealed interface FaultAction {

    /**
     * An HTTP error with the API's error body, e.g. 429 rate limited, 500, 529 overloaded, 401.
     *
     * @param retryAfterSeconds sent as {@code retry-after} when present
     */
    record HttpError(int status, Optional<Long> retryAfterSeconds, String message) implements FaultAction {
        public HttpError {
            if (status < 400 || status > 599) throw new IllegalArgumentException("status must be 4xx or 5xx");
        }
    }

    /**
     * Starts streaming the next reply of the script, then closes the connection after {@code afterEvents}
     * server-sent events, without finishing the response.
     */
    record DropStream(int afterEvents) implements FaultAction {
        public DropStream {
            if (afterEvents < 0) throw new IllegalArgumentException("afterEvents < 0");
        }
    }

    /**
     * Starts streaming the next reply, sends nothing more after {@code afterEvents} events for {@code stallMs}
     * milliseconds (empty = until the server stops), then closes the connection.
     */
    record StallStream(int afterEvents, Optional<Long> stallMs) implements FaultAction {
        public StallStream {
            if (afterEvents < 0) throw new IllegalArgumentException("afterEvents < 0");
        }
    }
}
