package io.syntropic137.observability;

/** The four token counts the API bills separately. */
public record TokenCounts(long input, long output, long cacheWrite, long cacheRead) {
    public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0);

    public TokenCounts plus(TokenCounts other) {
        return new TokenCounts(input + other.input, output + other.output, cacheWrite + other.cacheWrite,
                cacheRead + other.cacheRead);
    }

    public boolean isZero() {
        return input == 0 && output == 0 && cacheWrite == 0 && cacheRead == 0;
    }

    public long total() {
        return input + output + cacheWrite + cacheRead;
    }
}
