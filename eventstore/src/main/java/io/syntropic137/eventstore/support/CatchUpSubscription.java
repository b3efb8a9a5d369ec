package io.syntropic137.eventstore.support;

import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.EventHandler;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.eventstore.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads pages by position from the store until it is caught up, then waits for a commit signal and reads
 * again. Catch-up and live delivery are the same loop over the same query, which is why there is no gap and
 * no duplicate where one turns into the other.
 */
public final class CatchUpSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpSubscription.class);

    /** Reads matching events after a position; the backend's filtered global read. */
    @FunctionalInterface
    public interface PageReader {
        EventPage read(long afterPosition, EventFilter filter, int limit);
    }

    private final PageReader reader;
    private final EventFilter filter;
    private final EventHandler handler;
    private final CommitSignal signal;
    private final int pageSize;
    private final long idlePollMillis;
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private final Thread thread;
    private volatile long position;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public CatchUpSubscription(String name, long afterPosition, EventFilter filter, EventHandler handler,
                               PageReader reader, CommitSignal signal, int pageSize, long idlePollMillis) {
        this.reader = reader;
        this.filter = filter;
        this.handler = handler;
        this.signal = signal;
        this.pageSize = pageSize;
        this.idlePollMillis = idlePollMillis;
        this.position = afterPosition;
        this.thread = Thread.ofVirtual().name(name).start(this::run);
    }

    private void run() {
        long failedReads = 0;
        while (running) {
            long seen = signal.generation();
            EventPage page;
            try {
                page = reader.read(position, filter, pageSize);
                failedReads = 0;
            } catch (RuntimeException e) {
                // the store is unreachable for now: keep the position, back off, try again
                failedReads++;
                LOG.warn("subscription {} could not read after position {} (attempt {}): {}",
                        thread.getName(), position, failedReads, e.toString());
                sleepQuietly(Math.min(5_000, 100L * failedReads));
                continue;
            }
            for (RecordedEvent event : page.events()) {
                if (!running) {
                    return;
                }
                try {
                    handler.handle(event);
                } catch (Throwable e) {
                    failure = e;
                    running = false;
                    LOG.error("subscription {} stopped: handler failed at position {}", thread.getName(), event.position(), e);
                    wakeWaiters();
                    return;
                }
                advanceTo(event.position());
            }
            advanceTo(page.scannedTo());
            if (page.events().size() < pageSize) {
                try {
                    signal.awaitAfter(seen, idlePollMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void advanceTo(long newPosition) {
        if (newPosition <= position) {
            return;
        }
        position = newPosition;
        wakeWaiters();
    }

    private void wakeWaiters() {
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean awaitPosition(long target, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        progressLock.lock();
        try {
            while (position < target && running && remaining > 0) {
                remaining = progressed.awaitNanos(remaining);
            }
            return position >= target;
        } finally {
            progressLock.unlock();
        }
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wakeWaiters();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
