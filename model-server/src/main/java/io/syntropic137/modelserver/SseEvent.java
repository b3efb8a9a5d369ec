package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One server-sent event as the Messages API frames it: an {@code event:} line, one {@code data:} line, a blank line. */
record SseEvent(String event, ObjectNode data) {

    SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    byte[] frame() {
        // Jackson's compact output never contains a raw newline, so one data line always suffices
        return ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
