package io.syntropic137.application;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event ids derived from a command's idempotency key: the i-th event a keyed command writes to a stream
 * always gets the same id, so the event store recognises a re-sent append and writes nothing twice.
 * The stream id is part of the name, so one key used for two aggregates cannot collide.
 */
final class IdempotentEventIds {

    static UUID of(String streamId, String idempotencyKey, int index) {
        String name = "syn137-command-event\n" + streamId + "\n" + idempotencyKey + "\n" + index;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private IdempotentEventIds() {
    }
}
