package io.syntropic137.domain.shared;

/**
 * Why a command was refused. Nothing is written for a refused command. Every variant explains itself in
 * {@link #reason()}, in words a user of the CLI or dashboard can act on.
 */
public sealed interface Rejection {

    String reason();

    /** The command addresses an aggregate that was never created. */
    record NotFound(String aggregate, String id) implements Rejection {
        @Override
        public String reason() {
            return aggregate + " '" + id + "' does not exist";
        }
    }

    /** A create command for an aggregate (or unique name) that already exists. */
    record AlreadyExists(String aggregate, String id) implements Rejection {
        @Override
        public String reason() {
            return aggregate + " '" + id + "' already exists";
        }
    }

    /** A field of the command is missing or malformed. */
    record InvalidInput(String field, String problem) implements Rejection {
        @Override
        public String reason() {
            return field + ": " + problem;
        }
    }

    /** The aggregate's lifecycle does not allow this action in its current state. */
    record IllegalTransition(String aggregate, String id, String currentState, String action, String hint)
            implements Rejection {
        @Override
        public String reason() {
            return "cannot " + action + " " + aggregate + " '" + id + "' while it is " + currentState
                    + (hint == null || hint.isEmpty() ? "" : ": " + hint);
        }
    }

    /** A business rule other than the lifecycle forbids the command. */
    record RuleViolated(String rule, String detail) implements Rejection {
        @Override
        public String reason() {
            return detail;
        }
    }
}
