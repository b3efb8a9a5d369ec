package io.syntropic137.domain.testing;

import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Command;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * given(past events).when(command).then(expected events | rejection). The aggregate is rebuilt from the
 * given events exactly as the application does it (initial state + evolve), then asked to decide.
 */
public final class Scenario {

    @SafeVarargs
    public static <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> Given<S, C, E> given(
            AggregateType<S, C, E> type, E... history) {
        return new Given<>(type.initial().evolveAll(List.of(history)));
    }

    public record Given<S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent>(S state) {
        public When<S, C, E> when(C command) {
            return new When<>(state, command, state.decide(command));
        }
    }

    public record When<S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent>(
            S state, C command, Result<List<E>, Rejection> result) {

        @SafeVarargs
        public final When<S, C, E> then(E... expected) {
            assertThat(events()).as("events decided for %s", command).containsExactly(expected);
            return this;
        }

        /** Accepted without anything to record. */
        public When<S, C, E> thenNothingRecorded() {
            assertThat(events()).as("events decided for %s", command).isEmpty();
            return this;
        }

        public <R extends Rejection> R thenRejected(Class<R> kind) {
            if (result instanceof Result.Ok<List<E>, Rejection> ok) {
                return fail("expected %s to be rejected with %s but it produced %s", command, kind.getSimpleName(), ok.value());
            }
            Rejection rejection = ((Result.Err<List<E>, Rejection>) result).error();
            assertThat(rejection).as("rejection of %s", command).isInstanceOf(kind);
            assertThat(rejection.reason()).as("a rejection explains itself").isNotBlank();
            return kind.cast(rejection);
        }

        /** A rule violation with this rule name. */
        public Rejection.RuleViolated thenViolates(String rule) {
            Rejection.RuleViolated violated = thenRejected(Rejection.RuleViolated.class);
            assertThat(violated.rule()).as("violated rule, reason: %s", violated.reason()).isEqualTo(rule);
            return violated;
        }

        /** Invalid input naming this field. */
        public Rejection.InvalidInput thenInvalid(String field) {
            Rejection.InvalidInput invalid = thenRejected(Rejection.InvalidInput.class);
            assertThat(invalid.field()).as("invalid field, reason: %s", invalid.reason()).isEqualTo(field);
            return invalid;
        }

        /** The state after applying the decided events. */
        public When<S, C, E> thenState(Consumer<S> check) {
            check.accept(state.evolveAll(events()));
            return this;
        }

        private List<E> events() {
            if (result instanceof Result.Err<List<E>, Rejection> err) {
                return fail("expected %s to be accepted but it was rejected: %s", command, err.error().reason());
            }
            return ((Result.Ok<List<E>, Rejection>) result).value();
        }
    }

    private Scenario() {
    }
}
