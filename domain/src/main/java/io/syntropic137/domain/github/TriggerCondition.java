package io.syntropic137.domain.github;

import java.util.List;

/**
 * One AND-ed condition on a webhook payload. {@code field} is a dot path that may index arrays, e.g.
 * {@code check_run.pull_requests[0].number}; values are compared as strings.
 */
public record TriggerCondition(String field, ConditionOperator operator, List<String> values) {
    public TriggerCondition {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public static TriggerCondition of(String field, ConditionOperator operator, String... values) {
        return new TriggerCondition(field, operator, List.of(values));
    }
}
