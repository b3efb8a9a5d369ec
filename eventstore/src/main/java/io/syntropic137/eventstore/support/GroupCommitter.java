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

    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final BatchWriter<R, O> writer;
    private final int maxBatch;
    private final Thread thread;
    private volatile boolean closed;

    public GroupCommitter(String name, int maxBatch, BatchWriter<R, O> writer) {
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
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
        try {
            return submit(request).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EventStoreException("append failed: " + e.getCause(), e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private void run() {
        List<Object> drained = new ArrayList<>(maxBatch);
        List<Pending<R, O>> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            drained.clear();
            batch.clear();
            try {
                Object first = stopping ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, maxBatch - 1);
            } catch (InterruptedException e) {
                stopping = true;
                continue;
            }
            for (Object item : drained) {
                if (item == STOP) {
                    stopping = true;
                } else {
                    batch.add((Pending<R, O>) item);
                }
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
        }
    }

    private void writeBatch(List<Pending<R, O>> batch) {
        List<R> requests = new ArrayList<>(batch.size());
        for (Pending<R, O> pending : batch) {
            requests.add(pending.request());
        }
        try {
            List<O> outcomes = writer.write(requests);
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

    /** Stops taking requests, writes what is queued, then stops the writer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
