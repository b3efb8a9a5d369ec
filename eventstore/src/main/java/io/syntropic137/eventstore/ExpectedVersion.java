package io.syntropic137.eventstore;

/**
 * What the writer believes the stream's current version to be. A stream's version is the version of its
 * last event; the first event of a stream has version 1, so a stream with no events has version 0.
 */
public sealed interface ExpectedVersion {

    /** No check: append whatever the stream holds. */
    record Any() implements ExpectedVersion {
        @Override
        public String toString() {
            return "any";
        }
    }

    /** The stream must not exist yet. */
    record NoStream() implements ExpectedVersion {
        @Override
        public String toString() {
            return "no-stream";
        }
    }

    /** The stream's last event must have exactly this version (0 means: the stream has no events). */
    record Exactly(long version) implements ExpectedVersion {
        public Exactly {
            if (version < 0) {
                throw new InvalidAppendException(InvalidAppendException.Reason.EXPECTED_VERSION,
                        "expected version must be >= 0, was " + version);
            }
        }

        @Override
        public String toString() {
            return Long.toString(version);
        }
    }

    ExpectedVersion ANY = new Any();
    ExpectedVersion NO_STREAM = new NoStream();

    static ExpectedVersion any() {
        return ANY;
    }

    static ExpectedVersion noStream() {
        return NO_STREAM;
    }

    static ExpectedVersion exactly(long version) {
        return new Exactly(version);
    }

    /** Parses the wire form: {@code any}, {@code no-stream} or a non-negative integer. */
    static ExpectedVersion parse(String text) {
        if (text == null) {
            throw invalidForm("null");
        }
        String trimmed = text.trim();
        switch (trimmed) {
            case "any" -> {
                return ANY;
            }
            case "no-stream" -> {
                return NO_STREAM;
            }
            default -> {
                if (trimmed.isEmpty() || trimmed.length() > 19 || !trimmed.chars().allMatch(Character::isDigit)) {
                    throw invalidForm(text);
                }
                return exactly(Long.parseLong(trimmed));
            }
        }
    }

    /** True when a stream currently at {@code actualVersion} satisfies this expectation. */
    default boolean isSatisfiedBy(long actualVersion) {
        return switch (this) {
            case Any any -> true;
            case NoStream noStream -> actualVersion == 0;
            case Exactly exactly -> exactly.version() == actualVersion;
        };
    }

    private static InvalidAppendException invalidForm(String text) {
        return new InvalidAppendException(InvalidAppendException.Reason.EXPECTED_VERSION,
                "unknown expected-version form '" + text + "': use 'any', 'no-stream' or a version number >= 0");
    }
}
