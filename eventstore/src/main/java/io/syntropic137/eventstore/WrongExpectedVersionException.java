package io.syntropic137.eventstore;

/** Thrown by {@link AppendOutcome#orThrow()} when the stream had moved on; carries the actual version. */
public final class WrongExpectedVersionException extends EventStoreException {
    private final String streamId;
    private final ExpectedVersion expected;
    private final long actualVersion;

    public WrongExpectedVersionException(String streamId, ExpectedVersion expected, long actualVersion) {
        super("stream '" + streamId + "' is at version " + actualVersion + ", expected " + expected);
        this.streamId = streamId;
        this.expected = expected;
        this.actualVersion = actualVersion;
    }

    public String streamId() {
        return streamId;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
