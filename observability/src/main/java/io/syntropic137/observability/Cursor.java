package io.syntropic137.observability;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** A position in the (time, id) order, opaque to clients. */
public record Cursor(Instant time, UUID id) {

    public static Cursor of(TelemetryEvent event) {
        return new Cursor(event.time(), event.id());
    }

    public String encode() {
        String raw = Micros.of(time) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    public static Optional<Cursor> decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int colon = raw.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new Cursor(Micros.toInstant(Long.parseLong(raw.substring(0, colon))),
                    UUID.fromString(raw.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
