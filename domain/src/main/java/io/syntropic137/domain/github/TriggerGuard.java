package io.syntropic137.domain.github;

import java.util.Locale;
import java.util.Optional;

/**
 * The safety limits a rule enforces before it fires. A firing they stop is refused with a {@link
 * io.syntropic137.domain.shared.Rejection.RuleViolated} whose rule is {@link #ruleName()}, so the caller can record it
 * as blocked with the guard's name.
 */
public enum TriggerGuard {
    MAX_ATTEMPTS_PER_PR, DAILY_LIMIT, COOLDOWN;

    private static final String PREFIX = "guard:";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String ruleName() {
        return PREFIX + wireName();
    }

    /** The guard a rejection names, if it is a guard's. */
    public static Optional<TriggerGuard> fromRuleName(String rule) {
        for (TriggerGuard guard : values()) {
            if (guard.ruleName().equals(rule)) {
                return Optional.of(guard);
            }
        }
        return Optional.empty();
    }
}
