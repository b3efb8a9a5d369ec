package io.syntropic137.engine;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds how many executions do engine work at once, apart from how many run. An execution whose agent works for
 * minutes costs the engine nothing meanwhile, so the running limit is about agents; with every running execution
 * wanting the CPU at once (short agents, many phases ending together) each phase would wait for all the others,
 * and its engine overhead would grow with the running limit (Little's law). A permit is handed over, first come
 * first served, and a phase whose agent has returned gets one before an execution about to start a phase: finishing
 * work already begun shortens phases, starting more work only lengthens the queue.
 */
final class EngineWork {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> finishing = new ArrayDeque<>();
    private final ArrayDeque<Waiter> starting = new ArrayDeque<>();
    private int free;

    EngineWork(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, was " + permits);
        }
        this.free = permits;
    }

    private static final class Waiter {
        final Condition granted;
        boolean done;

        Waiter(Condition granted) {
            this.granted = granted;
        }
    }

    /**
     * Waits for a permit.
     *
     * @param finishingPhase true for a phase whose agent has returned: served before executions starting work
     */
    void acquire(boolean finishingPhase) throws InterruptedException {
        lock.lock();
        try {
            if (free > 0 && finishing.isEmpty() && (finishingPhase || starting.isEmpty())) {
                free--;
                return;
            }
            Waiter waiter = new Waiter(lock.newCondition());
            ArrayDeque<Waiter> queue = finishingPhase ? finishing : starting;
            queue.addLast(waiter);
            try {
                while (!waiter.done) {
                    waiter.granted.await();
                }
            } catch (InterruptedException e) {
                if (waiter.done) {
                    handOver(); // granted just as the wait was interrupted: the permit goes to the next in line
                } else {
                    queue.remove(waiter);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            handOver();
        } finally {
            lock.unlock();
        }
    }

    private void handOver() {
        Waiter next = finishing.pollFirst();
        if (next == null) {
            next = starting.pollFirst();
        }
        if (next == null) {
            free++;
            return;
        }
        next.done = true;
        next.granted.signal();
    }

    /** Executions waiting for a permit now. */
    int waiting() {
        lock.lock();
        try {
            return finishing.size() + starting.size();
        } finally {
            lock.unlock();
        }
    }

    /** One thread's hold on a permit: taken and given back as its work alternates with waiting. Not thread-safe. */
    Permit permit() {
        return new Permit();
    }

    final class Permit {
        private boolean held;
        private long waitedNanos;

        /** Takes a permit unless this thread holds one. */
        void take() throws InterruptedException {
            take(false);
        }

        /** Takes a permit for finishing a phase whose agent has returned. */
        void takeToFinish() throws InterruptedException {
            take(true);
        }

        private void take(boolean finishingPhase) throws InterruptedException {
            if (held) {
                return;
            }
            long start = System.nanoTime();
            acquire(finishingPhase);
            waitedNanos += System.nanoTime() - start;
            held = true;
        }

        /** Gives the permit back before waiting for something other than the CPU (an agent, a resume, a backoff). */
        void giveBack() {
            if (held) {
                held = false;
                release();
            }
        }

        /** How long this thread waited for permits since the last call. */
        long takeWaitedNanos() {
            long waited = waitedNanos;
            waitedNanos = 0;
            return waited;
        }
    }
}
