package io.syntropic137.domain.github;

import java.util.Locale;

/** How a trigger condition compares a payload field; {@link #arity} says how many values it takes. */
public enum ConditionOperator {
    EQ(Arity.ONE), NEQ(Arity.ONE), IN(Arity.MANY), NOT_IN(Arity.MANY), CONTAINS(Arity.ONE),
    NOT_EMPTY(Arity.NONE), IS_EMPTY(Arity.NONE);

    public enum Arity { NONE, ONE, MANY }

    private final Arity arity;

    ConditionOperator(Arity arity) {
        this.arity = arity;
    }

    public Arity arity() {
        return arity;
    }

    /** The spelling users write: eq, neq, in, not_in, contains, not_empty, is_empty. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
