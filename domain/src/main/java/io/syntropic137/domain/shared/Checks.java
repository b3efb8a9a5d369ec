package io.syntropic137.domain.shared;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Input checks shared by every context. Each returns the first problem as a rejection, or empty, so a
 * {@code decide} method can chain them with {@link #firstProblem}.
 */
public final class Checks {

    /** Ids become part of stream ids, so they use the stream-id alphabet and leave room for a prefix. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+=\\-]{0,149}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public static Optional<Rejection> id(String field, String value) {
        if (value == null || value.isEmpty()) {
            return problem(field, "is required");
        }
        if (!ID.matcher(value).matches()) {
            return problem(field, "'" + value + "' is not a valid id: 1-150 characters, a letter or digit first, "
                    + "then letters, digits or . _ : @ / + = -");
        }
        return Optional.empty();
    }

    public static Optional<Rejection> notBlank(String field, String value) {
        return value == null || value.isBlank() ? problem(field, "must not be blank") : Optional.empty();
    }

    public static Optional<Rejection> present(String field, Object value) {
        return value == null ? problem(field, "is required") : Optional.empty();
    }

    public static Optional<Rejection> positive(String field, long value) {
        return value > 0 ? Optional.empty() : problem(field, "must be > 0, was " + value);
    }

    public static Optional<Rejection> notNegative(String field, long value) {
        return value >= 0 ? Optional.empty() : problem(field, "must be >= 0, was " + value);
    }

    public static Optional<Rejection> sha256(String field, String value) {
        return value != null && HEX_SHA256.matcher(value).matches() ? Optional.empty()
                : problem(field, "must be 64 lowercase hexadecimal characters");
    }

    public static <T> Optional<Rejection> unique(String field, Collection<T> items, Function<T, ?> key) {
        var seen = new HashSet<>();
        for (T item : items) {
            Object k = key.apply(item);
            if (!seen.add(k)) {
                return problem(field, "'" + k + "' appears more than once");
            }
        }
        return Optional.empty();
    }

    @SafeVarargs
    public static Optional<Rejection> firstProblem(Optional<Rejection>... checks) {
        for (Optional<Rejection> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    public static Optional<Rejection> problem(String field, String text) {
        return Optional.of(new Rejection.InvalidInput(field, text));
    }

    private Checks() {
    }
}
