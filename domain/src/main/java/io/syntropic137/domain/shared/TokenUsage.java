package io.syntropic137.domain.shared;

/** The four token counts a model call reports. Used by executions and sessions alike. */
public record TokenUsage(long input, long output, long cacheCreation, long cacheRead) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, output + other.output, cacheCreation + other.cacheCreation,
                cacheRead + other.cacheRead);
    }

    public long total() {
        return input + output + cacheCreation + cacheRead;
    }

    public boolean hasNegative() {
        return input < 0 || output < 0 || cacheCreation < 0 || cacheRead < 0;
    }
}
