package io.syntropic137.modelserver;

/** Token counts reported for one reply, as the Messages API's {@code usage} object. */
public record Usage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens) {

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheCreationInputTokens < 0 || cacheReadInputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }
}
