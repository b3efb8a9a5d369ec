package io.syntropic137.observability;

/** Raw usage as the store returns it; {@link CostCalculator} turns lines into a report. */
public sealed interface UsageLine {
    String key();

    String sessionId();

    /**
     * Token usage streamed per API message, already de-duplicated per (session, message id) and summed per model.
     * For {@link Dimension#TOOL} the key is the JSON array of tool names the messages called.
     */
    record Streamed(String key, String sessionId, String model, TokenCounts tokens) implements UsageLine {
    }

    /** One session_summary event (the CLI's authoritative totals), its data as stored. */
    record Summarized(String key, String sessionId, String dataJson) implements UsageLine {
    }
}
