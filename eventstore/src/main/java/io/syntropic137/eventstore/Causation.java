package io.syntropic137.eventstore;

/**
 * Why an event was written: the correlation id ties together everything one request caused, the causation
 * id names the command or event that directly caused it, the actor who asked. All optional.
 */
public record Causation(String correlationId, String causationId, String actor) {
    public static final Causation NONE = new Causation(null, null, null);
}
