package io.syntropic137.engine.triggers;

/** What one rule did with one delivery. */
public sealed interface DeliveryOutcome {

    String triggerId();

    /** The rule started a run (or had started it for an earlier copy of this delivery: {@code repeated}). */
    record Fired(String triggerId, String executionId, boolean repeated) implements DeliveryOutcome {
    }

    /** A guard (or the workflow refusing the run) stopped the rule; recorded in the rule's history. */
    record Blocked(String triggerId, String guard, String reason) implements DeliveryOutcome {
    }

    /** The payload does not satisfy the rule's conditions. */
    record NotMatched(String triggerId) implements DeliveryOutcome {
    }

    /** The rule handled this delivery before. */
    record Duplicate(String triggerId) implements DeliveryOutcome {
    }

    /** Something failed on the way; the delivery can be sent again. */
    record Failed(String triggerId, String reason) implements DeliveryOutcome {
    }
}
