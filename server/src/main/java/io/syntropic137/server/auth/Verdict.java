package io.syntropic137.server.auth;

/** What a presented bearer token turned out to be. */
public sealed interface Verdict {
    record Valid(ApiToken token) implements Verdict {
    }

    /** No {@code Authorization: Bearer} header at all. */
    record Missing() implements Verdict {
    }

    /** A token this server never issued (or not a token). */
    record Unknown() implements Verdict {
    }

    record Revoked(ApiToken token) implements Verdict {
    }
}
