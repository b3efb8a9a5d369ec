package io.syntropic137.application;

import io.syntropic137.eventstore.Causation;


/**
 * Who sent a command and why, plus the idempotency key that makes re-sending it safe.
 *
 * @param idempotencyKey same key, same aggregate: the first outcome is returned and nothing is written
 *                       again; null means every send is a new command
 * @param correlationId  ties together everything one user request caused; generated when null
 * @param causationId    the command or event that caused this command; defaults to the idempotency key
 * @param actor          who asked (user, "system", a trigger id)
 */
public record CommandContext(String idempotencyKey, String correlationId, String causationId, String actor) {

    public static CommandContext by(String actor) {
        return new CommandContext(null, null, null, actor);
    }

    public CommandContext withIdempotencyKey(String key) {
        return new CommandContext(key, correlationId, causationId, actor);
    }

    public CommandContext withCorrelation(String correlation, String causation) {
        return new CommandContext(idempotencyKey, correlation, causation, actor);
    }

    Causation causation() {
        String correlation = correlationId != null ? correlationId
                : idempotencyKey != null ? idempotencyKey : TimeOrderedIds.next().toString();
        String causation = causationId != null ? causationId : idempotencyKey;
        return new Causation(correlation, causation, actor);
    }
}
