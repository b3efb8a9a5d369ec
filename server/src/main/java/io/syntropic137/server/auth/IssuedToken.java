package io.syntropic137.server.auth;

/** A token just created: the only moment its plain text exists; it is shown once and never stored. */
public record IssuedToken(ApiToken token, String plainText) {
    @Override
    public String toString() {
        // records print their components; this one must not end up in a log by accident
        return "IssuedToken[" + token + ", plainText=<hidden>]";
    }
}
