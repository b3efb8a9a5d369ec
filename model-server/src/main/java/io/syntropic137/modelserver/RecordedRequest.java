package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request as the server received it, kept so tests can check what a client sent.
 * Secret headers are never stored: their values are replaced by {@code redacted sha256:<prefix>}, which
 * {@link #secretMatches} can still compare against an expected value.
 *
 * @param transport {@code tcp} or {@code unix}
 * @param body      the body as JSON; a JSON string holding the raw text when it was not JSON; null node when empty
 */
public record RecordedRequest(Instant receivedAt, String transport, String method, String path, String query,
                              Map<String, String> headers, JsonNode body) {

    static final Set<String> SECRET_HEADERS = Set.of("x-api-key", "authorization", "proxy-authorization", "cookie");
    private static final String REDACTED = "redacted sha256:";

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    static Map<String, String> redact(Map<String, String> headers) {
        var redacted = new java.util.TreeMap<String, String>();
        headers.forEach((name, value) -> redacted.put(name, SECRET_HEADERS.contains(name) ? REDACTED + digest(value) : value));
        return redacted;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase()));
    }

    /** Whether the secret header {@code name} was sent with exactly {@code expected}. */
    public boolean secretMatches(String name, String expected) {
        return header(name).map(value -> value.equals(REDACTED + digest(expected))).orElse(false);
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8); // enough to compare, far too little to reverse
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
