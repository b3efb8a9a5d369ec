package io.syntropic137.server.stream;

import io.syntropic137.domain.orchestration.ExecutionStatus;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One server-sent event, rendered to bytes once by the shared tail and written as is to every client that wants
 * it, so a thousand clients of one execution cost one encoding, not a thousand.
 */
public final class Frame {
    private final long position;
    private final String executionId;
    private final String kind;
    private final String data;
    private final ExecutionStatus terminalStatus;
    private final byte[] wire;

    /**
     * @param terminalStatus the execution's final status when this is the frame of its terminal event (the stream
     *                       ends after it), else null
     */
    Frame(long position, String executionId, String kind, String data, ExecutionStatus terminalStatus) {
        this.position = position;
        this.executionId = executionId;
        this.kind = kind;
        this.data = data;
        this.terminalStatus = terminalStatus;
        this.wire = ("id: " + position + "\nevent: " + kind + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The global position of the domain event: the frame's SSE id. */
    public long position() {
        return position;
    }

    public String executionId() {
        return executionId;
    }

    public String kind() {
        return kind;
    }

    /** The one-line JSON of the frame's data. */
    public String data() {
        return data;
    }

    public Optional<ExecutionStatus> terminalStatus() {
        return Optional.ofNullable(terminalStatus);
    }

    byte[] wire() {
        return wire;
    }

    /** The frame that closes an execution's stream; it carries no id, so a reconnect still resumes after the last event. */
    static byte[] end(ExecutionStatus status, long position) {
        return ("event: end\ndata: {\"status\":\"" + status + "\",\"position\":" + position + "}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    @Override
    public String toString() {
        return "Frame[" + position + " " + kind + " " + data + "]";
    }
}
