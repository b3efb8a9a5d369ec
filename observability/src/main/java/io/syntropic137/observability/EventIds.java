package io.syntropic137.observability;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * Event ids are a SHA-256 of every field (time in microseconds included), shaped as a version-8 UUID. Time is
 * part of the content, so the id alone is unique and the PostgreSQL key (time, id) — which must contain the
 * partition column — rejects exactly the re-sends.
 */
public final class EventIds {
    private static final byte SEPARATOR = 0x1f;
    private static final byte ABSENT = 0x00;

    public static UUID of(Instant time, String type, String executionId, String phaseId, String sessionId,
                          String toolUseId, String canonicalData) {
        MessageDigest digest = sha256();
        digest.update(Long.toString(Micros.of(time)).getBytes(StandardCharsets.US_ASCII));
        for (String part : new String[]{type, executionId, phaseId, sessionId, toolUseId, canonicalData}) {
            digest.update(SEPARATOR);
            if (part == null) {
                digest.update(ABSENT);
            } else {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
            }
        }
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
        long high = hash.getLong();
        long low = hash.getLong();
        high = (high & ~0xF000L) | 0x8000L;                        // version 8: vendor-specific layout
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;  // IETF variant
        return new UUID(high, low);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private EventIds() {
    }
}
