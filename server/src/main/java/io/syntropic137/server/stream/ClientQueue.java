package io.syntropic137.server.stream;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The live frames waiting for one connected client. The shared tail only ever offers (never blocks); when the
 * client has fallen {@code capacity} frames behind, the queue is marked overflowed, the tail drops the client, and
 * its connection is closed: the client reconnects with Last-Event-ID and catches up from the store. A slow client
 * therefore costs the tail nothing and never delays the others.
 */
final class ClientQueue {
    /** Wakes the writer when the queue is closed or overflowed; never written to a client. */
    private static final Frame WAKE_UP = new Frame(-1, "", "", "", null);

    private final LinkedBlockingQueue<Frame> frames;
    private volatile boolean overflowed;
    private volatile boolean closed;

    ClientQueue(int capacity) {
        // linked, not an array: an idle client holds no pre-allocated slots
        this.frames = new LinkedBlockingQueue<>(capacity);
    }

    /** Called by the tail; false when the client is too far behind (it is then marked and must be dropped). */
    boolean offer(Frame frame) {
        if (frames.offer(frame)) {
            return true;
        }
        overflowed = true;
        frames.clear();
        frames.offer(WAKE_UP);
        return false;
    }

    /** The next live frame, or null when none came within {@code wait} or the queue is overflowed or closed. */
    Frame poll(Duration wait) throws InterruptedException {
        if (overflowed || closed) {
            return null;
        }
        Frame frame = frames.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        return frame == WAKE_UP ? null : frame;
    }

    boolean overflowed() {
        return overflowed;
    }

    boolean closed() {
        return closed;
    }

    /** The server is stopping: the writer returns at its next poll. */
    void close() {
        closed = true;
        frames.offer(WAKE_UP);
    }
}
