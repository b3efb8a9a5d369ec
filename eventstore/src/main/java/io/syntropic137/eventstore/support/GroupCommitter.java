package io.syntropic137.eventstore.support;

import io.syntropic137.eventstore.EventStoreException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One writer thread that takes every request queued while the previous batch was being written and writes
 * them together in one transaction. No timer: a lone request is written at once, and under load the batch
 * grows by itself, which amortizes the commit (and, on PostgreSQL, the ordering lock) over many appends.
 *
 * @param <R> a request
 * @param <O> its outcome
 */
public final class GroupCommitter<R, O> implements AutoCloseable {

    /** Writes a batch atomically and returns one outcome per request, in request order. */
    @FunctionalInterface
    public interface BatchWriter<R, O> {
        List<O> write(List<R> batch) throws Exception;
    }

    private record Pending<R, O>(R request, CompletableFuture<O> result) {
    }


    /** A writer with the lock that serializes its use between its thread and callers writing directly. */
    private record Slot<R, O>(BatchWriter<R, O> writer, java.util.concurrent.locks.ReentrantLock lock) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Slot<R, O>> slots = new ArrayList<>();
    private final boolean callerWrites;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder writeNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAccumulator maxWriteNanos = new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);
    private final java.util.concurrent.atomic.LongAdder slowBatches = new java.util.concurrent.atomic.LongAdder();

    /** Counters for metrics: batches written, requests in them, and time spent writing. */
    public record Stats(long batches, long requests, long writeNanos, long maxWriteNanos, long slowBatches) {
        public double averageBatch() {
            return batches == 0 ? 0 : (double) requests / batches;
        }
    }

    public Stats stats() {
        return new Stats(batches.sum(), requests.sum(), writeNanos.sum(), maxWriteNanos.get(), slowBatches.sum());
    }

    public GroupCommitter(String name, int maxBatch, BatchWriter<R, O> writer) {
        this(name, maxBatch, 1, () -> writer);
    }

    /**
     * With several writer threads, one can prepare and send its batch while another is committing; the
     * backend must make concurrent batches safe (PostgreSQL's ordering lock does). Each thread gets its own
     * writer from {@code writers}, so per-writer state needs no locking.
     */
    public GroupCommitter(String name, int maxBatch, int threadCount, java.util.function.Supplier<BatchWriter<R, O>> writers) {
        this(name, maxBatch, threadCount, false, writers);
    }

    /**
     * @param callerWrites when a writer is idle and nothing is queued, {@link #submitAndWait} writes the request
     *                     (and whatever got queued meanwhile) on the caller's thread with that writer, instead of
     *                     handing it to the writer thread and waiting to be woken: two thread hand-offs fewer for
     *                     a lone caller. Under load the queue is never empty and batching works as before. Only
     *                     for writers that may run on any thread (each writer is still used by one thread at a time).
     */
    public GroupCommitter(String name, int maxBatch, int threadCount, boolean callerWrites,
                          java.util.function.Supplier<BatchWriter<R, O>> writers) {
        this.maxBatch = maxBatch;
        this.callerWrites = callerWrites;
        for (int i = 0; i < threadCount; i++) {
            Slot<R, O> slot = new Slot<>(writers.get(), new java.util.concurrent.locks.ReentrantLock());
            slots.add(slot);
            threads.add(Thread.ofPlatform().name(name + (threadCount > 1 ? "-" + i : "")).daemon(true)
                    .start(() -> run(slot)));
        }
    }

    public CompletableFuture<O> submit(R request) {
        CompletableFuture<O> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new EventStoreException("the event store is closed"));
            return result;
        }
        queue.add(new Pending<>(request, result));
        return result;
    }

    /** Submits and waits, unwrapping the failure so callers see the original exception type. */
    public O submitAndWait(R request) {
        if (callerWrites && !closed && queue.isEmpty()) {
            for (Slot<R, O> slot : slots) {
                if (slot.lock().tryLock()) {
                    try {
                        if (!closed) {
                            return writeDirectly(slot, request);
                        }
                    } finally {
                        slot.lock().unlock();
                    }
                }
            }
        }
        try {
            return submit(request).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EventStoreException("append failed: " + e.getCause(), e.getCause());
        }
    }

    /** On the caller's thread, holding the slot's lock: this request first, then what is queued, as one batch. */
    @SuppressWarnings("unchecked")
    private O writeDirectly(Slot<R, O> slot, R request) {
        CompletableFuture<O> mine = new CompletableFuture<>();
        List<Pending<R, O>> batch = new ArrayList<>();
        batch.add(new Pending<>(request, mine));
        List<Object> drained = new ArrayList<>();
        queue.drainTo(drained, maxBatch - 1);
        for (Object item : drained) {
            batch.add((Pending<R, O>) item);
        }
        writeBatch(slot.writer(), batch);
        try {
            return mine.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EventStoreException("append failed: " + e.getCause(), e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private void run(Slot<R, O> slot) {
        List<Object> drained = new ArrayList<>(maxBatch);
        List<Pending<R, O>> batch = new ArrayList<>(maxBatch);
        while (!(closed && queue.isEmpty())) {
            drained.clear();
            batch.clear();
            try {
                Object first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, maxBatch - 1);
            } catch (InterruptedException e) {
                return;
            }
            for (Object item : drained) {
                batch.add((Pending<R, O>) item);
            }
            slot.lock().lock();
            try {
                // a caller that wrote directly meanwhile may have left more queued: take it into this batch
                if (batch.size() < maxBatch) {
                    drained.clear();
                    queue.drainTo(drained, maxBatch - batch.size());
                    for (Object item : drained) {
                        batch.add((Pending<R, O>) item);
                    }
                }
                writeBatch(slot.writer(), batch);
            } finally {
                slot.lock().unlock();
            }
        }
    }

    private void writeBatch(BatchWriter<R, O> writer, List<Pending<R, O>> batch) {
        List<R> requests = new ArrayList<>(batch.size());
        for (Pending<R, O> pending : batch) {
            requests.add(pending.request());
        }
        long started = System.nanoTime();
        try {
            List<O> outcomes = writer.write(requests);
            batches.increment();
            this.requests.add(batch.size());
            long took = System.nanoTime() - started;
            writeNanos.add(took);
            maxWriteNanos.accumulate(took);
            if (took > 5_000_000) {
                slowBatches.increment();
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(outcomes.get(i));
            }
        } catch (Throwable failure) {
            // the whole transaction rolled back: nothing of this batch is stored, every caller learns why
            RuntimeException error = failure instanceof RuntimeException runtime ? runtime
                    : new EventStoreException("writing a batch of " + batch.size() + " appends failed: " + failure, failure);
            for (Pending<R, O> pending : batch) {
                pending.result().completeExceptionally(error);
            }
        }
    }

    /** Stops taking requests, writes what is queued, then stops the writer threads. */
    @Override
    @SuppressWarnings("unchecked")
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // wait for callers still writing directly, so the backend is not closed under them
        for (Slot<R, O> slot : slots) {
            slot.lock().lock();
            slot.lock().unlock();
        }
        // a request that slipped in after the writers finished is answered, not left waiting
        Object left;
        while ((left = queue.poll()) != null) {
            ((Pending<R, O>) left).result().completeExceptionally(new EventStoreException("the event store is closed"));
        }
    }
}
