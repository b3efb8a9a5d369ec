package io.syntropic137.server.stream;

import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * One connected client, from its first frame to the close, on the request's own virtual thread: register with the
 * shared tail, catch up from the store, then write live frames from the tail.
 *
 * <p>Hand-over without gap or duplicate: the client's queue is registered with the tail <em>before</em> the store's
 * head {@code H} is read. The catch-up then reads the store up to {@code H}; every event committed after {@code H}
 * reaches the queue (see {@link ExecutionTail}). Live frames at or below {@code max(H, resume point)} were already
 * covered by the catch-up and are dropped; positions only grow, so the first frame above that is the next one.
 */
final class StreamSession {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);
    private static final int PAGE = 500;

    private final ExecutionTail tail;
    private final StreamSettings settings;
    /** null for the activity stream (every execution). */
    private final String executionId;
    private final OutputStream out;
    private final ClientQueue queue;

    StreamSession(ExecutionTail tail, StreamSettings settings, String executionId, OutputStream out) {
        this.tail = tail;
        this.settings = settings;
        this.executionId = executionId;
        this.out = out;
        this.queue = new ClientQueue(settings.clientQueueFrames());
    }

    /**
     * Streams until the execution's terminal frame (then {@code end}), the client leaves, the client falls too far
     * behind, or the server stops.
     *
     * @param scanFrom    where the catch-up starts reading (it maps, but does not send, frames up to {@code resumeAfter},
     *                    so sessions and a terminal event before the resume point are still known); -1: no catch-up
     * @param resumeAfter the last position the client has; frames above it are sent
     */
    void run(long scanFrom, long resumeAfter) throws IOException, InterruptedException {
        tail.register(executionId, queue);
        try {
            long head = tail.store().headPosition();
            Frame terminal = scanFrom < 0 ? null : catchUp(scanFrom, resumeAfter, head);
            out.flush();
            if (terminal != null) {
                end(terminal);
                return;
            }
            live(Math.max(head, resumeAfter));
        } finally {
            tail.unregister(executionId, queue);
        }
    }

    /** Sends the stored frames in (resumeAfter, head]; returns the terminal frame if the execution ended by head. */
    private Frame catchUp(long scanFrom, long resumeAfter, long head) throws IOException {
        EventStore store = tail.store();
        FrameMapper mapper = new FrameMapper(tail.codec(), new SessionDirectory(store, tail.codec()));
        long after = scanFrom;
        while (after < head) {
            EventPage page = store.readPage(after, PAGE, tail.filter());
            for (RecordedEvent recorded : page.events()) {
                if (recorded.position() > head) {
                    return null;
                }
                Optional<Frame> mapped = map(mapper, recorded);
                if (mapped.isEmpty() || !wanted(mapped.get())) {
                    continue;
                }
                Frame frame = mapped.get();
                if (frame.position() > resumeAfter) {
                    out.write(frame.wire());
                }
                if (executionId != null && frame.terminalStatus().isPresent()) {
                    return frame;
                }
            }
            out.flush();
            if (page.scannedTo() <= after) {
                break;
            }
            after = page.scannedTo();
        }
        return null;
    }

    /**
     * A keep-alive waits a random 75-100 % of the interval. Clients that received the same frame would otherwise all
     * wake together: a thousand keep-alive writes at once, or — after they all went away — a thousand failed writes
     * and connection teardowns in one burst, which stalled every other request of the server for over 100 ms.
     */
    private Duration keepAliveWait() {
        long interval = settings.keepAlive().toMillis();
        return Duration.ofMillis(interval - java.util.concurrent.ThreadLocalRandom.current().nextLong(interval / 4 + 1));
    }

    private void live(long coveredUpTo) throws IOException, InterruptedException {
        while (true) {
            Frame frame = queue.poll(keepAliveWait());
            if (frame == null) {
                if (queue.overflowed()) {
                    LOG.info("a client of {} fell {} frames behind the live stream and was disconnected; it resumes with "
                            + "Last-Event-ID", executionId == null ? "the activity stream" : "execution " + executionId,
                            settings.clientQueueFrames());
                    return;
                }
                if (queue.closed()) {
                    return;
                }
                out.write(Frame.KEEP_ALIVE);
                out.flush();
                continue;
            }
            // whatever else is already queued goes out in the same flush: one write to the socket per burst
            while (frame != null) {
                if (frame.position() > coveredUpTo) {
                    out.write(frame.wire());
                    if (executionId != null && frame.terminalStatus().isPresent()) {
                        end(frame);
                        return;
                    }
                }
                frame = queue.poll(Duration.ZERO);
            }
            out.flush();
        }
    }

    private void end(Frame terminal) throws IOException {
        out.write(Frame.end(terminal.terminalStatus().orElseThrow(), terminal.position()));
        out.flush();
    }

    private boolean wanted(Frame frame) {
        return executionId == null || executionId.equals(frame.executionId());
    }

    private static Optional<Frame> map(FrameMapper mapper, RecordedEvent recorded) {
        try {
            return mapper.map(recorded);
        } catch (RuntimeException e) {
            // skipped exactly as the live tail skips it, so a catch-up and a live client see the same frames
            LOG.error("event {} ({} at position {}) cannot be streamed", recorded.eventId(), recorded.type(),
                    recorded.position(), e);
            return Optional.empty();
        }
    }
}
