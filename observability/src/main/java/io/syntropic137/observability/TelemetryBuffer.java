package io.syntropic137.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between producers and the store. Producers enqueue a batch and get a future; a flusher
 * thread (one by default) takes everything queued (up to a batch size, waiting at most the linger time for a batch to fill),
 * writes it in one transaction, and only then completes the futures. So an acknowledgement always means
 * "committed": a process killed at any moment loses nothing it acknowledged.
 *
 * <p>Capacity counts queued and in-flight events. When full, {@link #offer} answers {@link Offer.Full} (the HTTP
 * path turns that into 429) and {@link #submit} blocks (backpressure for in-process producers). A failed write
 * is retried with backoff — safe because writes are idempotent by event id — until it succeeds or close() gives
 * up; an accepted event is therefore never dropped while the process lives.
 */
public final class TelemetryBuffer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryBuffer.class);

    private record Pending(List<TelemetryEvent> events, CompletableFuture<Void> stored) {
    }

    private final TelemetryStore store;
    private final BufferSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition batchFull = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Thread> flushers = new ArrayList<>();
    private int queuedEvents;
    private int heldEvents;
    private boolean closing;
    private final java.util.concurrent.atomic.AtomicLong storedEvents = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failedAttempts = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong consecutiveFailures = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong refusedFull = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastError;
    private volatile java.time.Instant lastErrorAt;
    private volatile java.time.Instant lastFlushAt;

    public TelemetryBuffer(TelemetryStore store, BufferSettings settings) {
        this.store = store;
        this.settings = settings;
        for (int i = 0; i < settings.flushers(); i++) {
            flushers.add(Thread.ofPlatform().name("telemetry-flusher-" + i).daemon(true).start(this::run));
        }
    }

    /** Takes the whole batch without waiting, or nothing when the buffer cannot hold it. */
    public Offer offer(List<TelemetryEvent> events) {
        checkSize(events);
        lock.lock();
        try {
            if (closing) {
                return new Offer.Closed();
            }
            if (heldEvents + events.size() > settings.capacity()) {
                refusedFull.incrementAndGet();
                return new Offer.Full(retryAfter());
            }
            return new Offer.Accepted(enqueue(events));
        } finally {
            lock.unlock();
        }
    }

    /** Takes the whole batch, waiting while the buffer is full; the future completes when it is stored. */
    public CompletableFuture<Void> submit(List<TelemetryEvent> events) throws InterruptedException {
        checkSize(events);
        lock.lock();
        try {
            while (!closing && heldEvents + events.size() > settings.capacity()) {
                notFull.await();
            }
            if (closing) {
                return CompletableFuture.failedFuture(new IllegalStateException("the telemetry buffer is closed"));
            }
            return enqueue(events);
        } finally {
            lock.unlock();
        }
    }

    private void checkSize(List<TelemetryEvent> events) {
        if (events.size() > settings.capacity()) {
            throw new IllegalArgumentException("a batch of " + events.size() + " events can never fit a buffer of "
                    + settings.capacity() + "; split it");
        }
    }

    private CompletableFuture<Void> enqueue(List<TelemetryEvent> events) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (events.isEmpty()) {
            stored.complete(null);
            return stored;
        }
        queue.add(new Pending(List.copyOf(events), stored));
        queuedEvents += events.size();
        heldEvents += events.size();
        notEmpty.signal();
        if (queuedEvents >= settings.batchSize()) {
            batchFull.signal();
        }
        return stored;
    }

    /** A hint for rejected producers: about the time to write what is already held. */
    private Duration retryAfter() {
        return Duration.ofSeconds(1);
    }

    private void run() {
        while (true) {
            List<Pending> batch;
            try {
                batch = takeBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                return;
            }
            boolean stored = writeWithRetry(batch);
            int count = 0;
            for (Pending pending : batch) {
                count += pending.events().size();
            }
            lock.lock();
            try {
                heldEvents -= count;
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
            for (Pending pending : batch) {
                if (stored) {
                    pending.stored().complete(null);
                } else {
                    pending.stored().completeExceptionally(new TelemetryStoreException(
                            "the telemetry store did not accept the batch before shutdown; the events were not acknowledged"));
                }
            }
        }
    }

    /** Waits for work, lingers for a full batch, then takes whole requests up to the batch size; null = stop. */
    private List<Pending> takeBatch() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closing) {
                    return null;
                }
                notEmpty.await();
            }
            long lingerNanos = settings.linger().toNanos();
            while (!closing && queuedEvents < settings.batchSize() && lingerNanos > 0) {
                lingerNanos = batchFull.awaitNanos(lingerNanos);
            }
            List<Pending> batch = new ArrayList<>();
            int events = 0;
            while (!queue.isEmpty() && (batch.isEmpty() || events + queue.peek().events().size() <= settings.batchSize())) {
                Pending next = queue.poll();
                events += next.events().size();
                batch.add(next);
            }
            queuedEvents -= events;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private boolean writeWithRetry(List<Pending> batch) {
        List<TelemetryEvent> events = distinct(batch);
        long backoffMillis = 50;
        long giveUpAt = Long.MAX_VALUE;
        while (true) {
            try {
                store.write(events);
                storedEvents.addAndGet(events.size());
                consecutiveFailures.set(0);
                lastFlushAt = java.time.Instant.now();
                return true;
            } catch (RuntimeException e) {
                failedAttempts.incrementAndGet();
                consecutiveFailures.incrementAndGet();
                lastError = e.toString();
                lastErrorAt = java.time.Instant.now();
                LOG.warn("writing {} telemetry events failed; retrying in {} ms: {}", events.size(), backoffMillis, e.toString());
            }
            lock.lock();
            try {
                if (closing && giveUpAt == Long.MAX_VALUE) {
                    giveUpAt = System.nanoTime() + settings.closeTimeout().toNanos();
                }
                if (System.nanoTime() >= giveUpAt) {
                    LOG.error("giving up on {} unacknowledged telemetry events at shutdown", events.size());
                    dropped.addAndGet(events.size());
                    return false;
                }
                // woken early by close() so that shutdown does not wait out a long backoff
                notEmpty.await(backoffMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dropped.addAndGet(events.size());
                return false;
            } finally {
                lock.unlock();
            }
            backoffMillis = Math.min(backoffMillis * 2, settings.maxRetryBackoff().toMillis());
        }
    }

    private static List<TelemetryEvent> distinct(List<Pending> batch) {
        int size = 0;
        for (Pending pending : batch) {
            size += pending.events().size();
        }
        // sized up front: growing a set of 50,000 ids rehashes it a dozen times on the flusher thread
        Set<UUID> seen = HashSet.newHashSet(size);
        List<TelemetryEvent> events = new ArrayList<>(size);
        for (Pending pending : batch) {
            for (TelemetryEvent event : pending.events()) {
                if (seen.add(event.id())) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    /** Events taken and not yet stored. */
    public int held() {
        lock.lock();
        try {
            return heldEvents;
        } finally {
            lock.unlock();
        }
    }

    public long storedEvents() {
        return storedEvents.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    public BufferHealth health() {
        return new BufferHealth(held(), settings.capacity(), storedEvents.get(), failedAttempts.get(),
                consecutiveFailures.get(), lastError, lastErrorAt, lastFlushAt, refusedFull.get(), dropped.get());
    }

    /** Takes nothing more, stores everything taken (retrying up to the close timeout), then stops the flusher. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            notEmpty.signalAll();
            batchFull.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + settings.closeTimeout().plusSeconds(5).toNanos();
        try {
            for (Thread flusher : flushers) {
                flusher.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
