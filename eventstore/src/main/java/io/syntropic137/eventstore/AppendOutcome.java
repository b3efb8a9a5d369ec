package io.syntropic137.eventstore;

/**
 * The result of one append: either the events were stored (or had been stored before, by an earlier try
 * of the same append) or the stream's version did not match and nothing was written.
 */
public sealed interface AppendOutcome {

    /**
     * The events hold versions {@code firstVersion..lastVersion} of the stream and positions
     * {@code firstPosition..lastPosition} in the global order. {@code alreadyStored} is true when every
     * event id had been appended before, so this call wrote nothing and returns the original result.
     */
    record Appended(String streamId, long firstVersion, long lastVersion, long firstPosition, long lastPosition,
                    boolean alreadyStored) implements AppendOutcome {
    }

    /** The expectation did not hold; {@code actualVersion} is what the stream held when checked. */
    record WrongExpectedVersion(String streamId, ExpectedVersion expected, long actualVersion)
            implements AppendOutcome {
    }

    /** The stored result, or a {@link WrongExpectedVersionException} for callers that treat a conflict as a failure. */
    default Appended orThrow() {
        return switch (this) {
            case Appended appended -> appended;
            case WrongExpectedVersion wrong ->
                    throw new WrongExpectedVersionException(wrong.streamId(), wrong.expected(), wrong.actualVersion());
        };
    }
}
