package io.syntropic137.domain.github;

import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validation of a trigger's configuration, shared by register and update. */
final class TriggerRules {

    private static final Pattern EVENT = Pattern.compile("[a-z_]+\\.[a-z_]+");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}/[A-Za-z0-9._\\-]{1,100}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*(\\[\\d+])*");

    static Optional<Rejection> eventName(String event) {
        return event != null && EVENT.matcher(event).matches() ? Optional.empty()
                : Checks.problem("event", "'" + event + "' is not of the form event.action, e.g. check_run.completed");
    }

    static Optional<Rejection> repository(String repository) {
        return repository != null && REPOSITORY.matcher(repository).matches() ? Optional.empty()
                : Checks.problem("repository", "'" + repository + "' is not of the form owner/name");
    }

    /** {@code a.b[0].c}: dot-separated names, each optionally indexed. */
    static boolean isFieldPath(String path) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        for (String segment : path.split("\\.", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    static Optional<Rejection> conditions(List<TriggerCondition> conditions) {
        for (int i = 0; i < conditions.size(); i++) {
            TriggerCondition c = conditions.get(i);
            String where = "conditions[" + i + "]";
            if (c == null || c.operator() == null) {
                return Checks.problem(where + ".operator", "is required");
            }
            if (!isFieldPath(c.field())) {
                return Checks.problem(where + ".field", "'" + c.field() + "' is not a dot path like pull_request.head.ref or a[0].b");
            }
            int n = c.values().size();
            boolean fits = switch (c.operator().arity()) {
                case NONE -> n == 0;
                case ONE -> n == 1;
                case MANY -> n >= 1;
            };
            if (!fits) {
                return Checks.problem(where + ".values", c.operator().wireName() + " takes " + switch (c.operator().arity()) {
                    case NONE -> "no value";
                    case ONE -> "exactly one value";
                    case MANY -> "one or more values";
                } + ", got " + n);
            }
        }
        return Optional.empty();
    }

    static Optional<Rejection> inputMapping(Map<String, String> mapping) {
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isBlank()) {
                return Checks.problem("inputMapping", "input names must not be blank");
            }
            if (!isFieldPath(entry.getValue())) {
                return Checks.problem("inputMapping." + entry.getKey(), "'" + entry.getValue() + "' is not a payload path");
            }
        }
        return Optional.empty();
    }

    static Optional<Rejection> safety(SafetyConfig safety) {
        return Checks.firstProblem(
                Checks.positive("safety.maxAttemptsPerPr", safety.maxAttemptsPerPr()),
                Checks.positive("safety.dailyLimit", safety.dailyLimit()),
                Checks.notNegative("safety.cooldownSeconds", safety.cooldownSeconds()),
                Checks.notNegative("safety.debounceSeconds", safety.debounceSeconds()));
    }

    private TriggerRules() {
    }
}
