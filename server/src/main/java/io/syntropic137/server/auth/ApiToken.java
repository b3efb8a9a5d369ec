package io.syntropic137.server.auth;

import java.time.Instant;
import java.util.Optional;

/** An API token as stored: never the token itself, only its SHA-256 (see {@link TokenStore}). */
public record ApiToken(String id, String name, Instant createdAt, Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {
    public boolean revoked() {
        return revokedAt.isPresent();
    }
}
