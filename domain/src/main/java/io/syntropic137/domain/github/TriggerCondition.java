package io.syntropic137.domain.github;

import java.util.List;
import java.util.Optional;

/**
 * One AND-ed condition on a webhook payload. {@code field} is a dot path that may index arrays, e.g.
 * {@code check_run.pull_requests[0].number}; values are compared as strings.
 */
public record TriggerCondition(String field, ConditionOperator operator, List<String> values) {
    public TriggerCondition {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** Whether the payload satisfies this condition; an absent field equals nothing and is empty. */
    public boolean matches(WebhookPayload payload) {
        Optional<WebhookPayload.Value> value = payload.at(field);
        return switch (operator) {
            case EQ -> isOneOf(value, values);
            case NEQ -> !isOneOf(value, values);
            case IN -> isOneOf(value, values);
            case NOT_IN -> !isOneOf(value, values);
            case CONTAINS -> value.map(v -> contains(v, values.getFirst())).orElse(false);
            case NOT_EMPTY -> value.map(v -> !v.isEmpty()).orElse(false);
            case IS_EMPTY -> value.map(WebhookPayload.Value::isEmpty).orElse(true);
        };
    }

    private static boolean isOneOf(Optional<WebhookPayload.Value> value, List<String> candidates) {
        return value.filter(v -> v instanceof WebhookPayload.Scalar s && candidates.contains(s.text())).isPresent();
    }

    /** Text contains the substring; an array contains an item equal to it. */
    private static boolean contains(WebhookPayload.Value value, String wanted) {
        return switch (value) {
            case WebhookPayload.Scalar s -> s.text().contains(wanted);
            case WebhookPayload.Items items -> items.items().stream()
                    .anyMatch(item -> item instanceof WebhookPayload.Scalar s && s.text().equals(wanted));
            case WebhookPayload.Fields fields -> false;
        };
    }

    public static TriggerCondition of(String field, ConditionOperator operator, String... values) {
        return new TriggerCondition(field, operator, List.of(values));
    }
}
