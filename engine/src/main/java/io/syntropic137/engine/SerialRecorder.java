package io.syntropic137.engine;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * Records bookkeeping facts (a session's operations, a workspace's steps) off the phase's critical path, in the order
 * they were submitted, on one virtual thread. {@link #close} waits until every submitted record is written, so a
 * phase never completes before its facts are stored.
 */
final class SerialRecorder implements AutoCloseable {
    private static final Runnable END = () -> { };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    SerialRecorder(String name) {
        thread = Thread.ofVirtual().name(name).start(this::drain);
    }

    void submit(Runnable record) {
        queue.add(record);
    }

    private void drain() {
        while (true) {
            Runnable next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == END) {
                return;
            }
            next.run(); // each record is a best-effort command: a refusal is logged by EngineCommands
        }
    }

    /** Waits for everything submitted so far to be recorded. */
    @Override
    public void close() throws InterruptedException {
        queue.add(END);
        thread.join();
    }
}
