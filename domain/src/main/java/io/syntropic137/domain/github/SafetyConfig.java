package io.syntropic137.domain.github;

/** Guards against runaway triggers; the trigger engine enforces them and records what they blocked. */
public record SafetyConfig(int maxAttemptsPerPr, int dailyLimit, int cooldownSeconds, int debounceSeconds) {
    public static final SafetyConfig DEFAULTS = new SafetyConfig(3, 20, 300, 0);
}
