package io.syntropic137.eventstore.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes subscriptions when something was committed, here or in another process. A waiter reads the
 * generation before it reads the store and waits for a later one, so no wake-up falls between the two.
 */
public final class CommitSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    public void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code head} reports a position above {@code afterPosition} or the timeout passes; returns
     * the last head read. Reads the generation before the head, so a commit between the two is not missed.
     */
    public long awaitHeadAbove(long afterPosition, java.time.Duration timeout, java.util.function.LongSupplier head)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = generation();
            long current = head.getAsLong();
            long remainingMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (current > afterPosition || remainingMillis <= 0) {
                return current;
            }
            awaitAfter(seen, Math.min(remainingMillis, 1_000));
        }
    }

    /** Waits until the generation moves past {@code seen}, or the timeout passes. */
    public void awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (generation == seen && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }
}
