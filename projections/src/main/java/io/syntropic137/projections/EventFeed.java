package io.syntropic137.projections;

import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one reader of the event log for every projection runner of a manager. Each page of the log is read once
 * and handed, filtered, to every runner whose position falls inside it; runners apply and checkpoint on their
 * own threads, in their own transactions. Six runners each scanning the whole log was what held catch-up to
 * about 0.13x of the store's read rate (issue 4).
 *
 * <p>Runners at the same position form a convoy: a page is read for it only once every (healthy) member has
 * room, so a fast projection does not run ahead and force a second read of the same page for a slow one. A
 * failing runner is left out of that wait, so it stops only itself. Convoys at different positions (a rebuild
 * from 0 while the others are live) take turns, so the live ones keep their lag while the rebuild reads.
 */
final class EventFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

    private final EventStore store;
    private final int pageSize;
    private final List<ProjectionRunner> runners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private long generation;
    private volatile long knownHead;
    private volatile boolean running;
    private volatile Thread reader;
    private volatile Thread headWatcher;
    private int turn;

    EventFeed(EventStore store, int pageSize) {
        this.store = store;
        this.pageSize = pageSize;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        knownHead = store.headPosition();
        // platform threads, like the runners': see ProjectionRunner#start
        reader = Thread.ofPlatform().daemon().name("projection-feed").start(this::read);
        headWatcher = Thread.ofPlatform().daemon().name("projection-feed-head").start(this::watchHead);
    }

    int pageSize() {
        return pageSize;
    }

    void register(ProjectionRunner runner) {
        runners.add(runner);
        signal();
    }

    void unregister(ProjectionRunner runner) {
        runners.remove(runner);
        signal();
    }

    /** Whether a runner other than {@code self} has reached the head at least once (it is live). */
    boolean anyOtherCaughtUp(ProjectionRunner self) {
        for (ProjectionRunner runner : runners) {
            if (runner != self && runner.isCaughtUp()) {
                return true;
            }
        }
        return false;
    }

    /** A runner made room, or the head moved: the reader looks again. */
    void signal() {
        lock.lock();
        try {
            generation++;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    private void read() {
        int failures = 0;
        while (running) {
            long seen = generation();
            long from = choose();
            if (from < 0) {
                if (!awaitSignal(seen, 1_000)) {
                    return;
                }
                continue;
            }
            try {
                int read = deliver(from);
                failures = 0;
                if (read == 0 && from < knownHead) {
                    // the head was seen above a page that came back empty (a commit not yet visible to this
                    // connection): a short pause instead of spinning on the same read
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // closed while reading
                }
                // the store itself failed: every projection is stuck, visible as growing lag in their status
                failures++;
                long backoff = Math.min(30_000, 100L << Math.min(failures - 1, 12));
                LOG.warn("reading the event log for projections failed (attempt {}), retrying in {} ms: {}", failures, backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Where the next page starts: the position of the convoy whose turn it is, or -1 when none is ready. A convoy
     * is ready when it may have something to read and none of its healthy members lacks room.
     */
    private long choose() {
        List<ProjectionRunner> all = List.copyOf(runners);
        int n = all.size();
        long head = knownHead;
        for (int i = 0; i < n; i++) {
            ProjectionRunner candidate = all.get((turn + i) % n);
            ProjectionRunner.Demand demand = candidate.demand();
            if (!demand.room() || (demand.tail() >= head && demand.toldAtHead())) {
                continue;
            }
            boolean ready = true;
            for (ProjectionRunner other : all) {
                ProjectionRunner.Demand d = other.demand();
                if (d.tail() == demand.tail() && !d.room() && !d.failing()) {
                    ready = false;
                    break;
                }
            }
            if (ready) {
                turn = (turn + i + 1) % n;
                return demand.tail();
            }
        }
        return -1;
    }

    /** Reads the page after {@code from}, hands out its slices and returns how many events it held. */
    private int deliver(long from) {
        EventPage page = store.readPage(from, pageSize, EventFilter.ALL);
        List<RecordedEvent> events = page.events();
        long to = Math.max(from, page.scannedTo());
        boolean reachedHead = events.size() < pageSize;
        if (to > knownHead) {
            knownHead = to;
        }
        for (ProjectionRunner runner : runners) {
            ProjectionRunner.Demand demand = runner.demand();
            long tail = demand.tail();
            boolean inPage = tail >= from && (tail < to || (reachedHead && tail == to));
            if (!demand.room() || !inPage) {
                continue;
            }
            runner.offer(new ProjectionRunner.Slice(tail, matching(events, tail, runner.projection().filter()), to, reachedHead));
        }
        return events.size();
    }

    private static List<RecordedEvent> matching(List<RecordedEvent> events, long after, EventFilter filter) {
        int start = firstAfter(events, after);
        List<RecordedEvent> result = new ArrayList<>(Math.max(0, events.size() - start));
        for (int i = start; i < events.size(); i++) {
            RecordedEvent e = events.get(i);
            if (filter.matches(e.streamId(), e.type())) {
                result.add(e);
            }
        }
        return result;
    }

    private static int firstAfter(List<RecordedEvent> events, long after) {
        int low = 0;
        int high = events.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (events.get(mid).position() <= after) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void watchHead() {
        while (running) {
            try {
                long head = store.awaitHeadAbove(knownHead, Duration.ofSeconds(1));
                if (head > knownHead) {
                    knownHead = head;
                    signal();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("watching the event log's head failed, retrying in 1 s: {}", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Waits until something changed since {@code seen} or the timeout passed; false when stopped. */
    private boolean awaitSignal(long seen, long timeoutMillis) {
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (running && generation == seen && remaining > 0) {
                remaining = wake.awaitNanos(remaining);
            }
            return running;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : new Thread[]{reader, headWatcher}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
