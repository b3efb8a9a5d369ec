package io.syntropic137.projections;

import io.syntropic137.eventstore.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Applies one generation of one projection: takes the slices of the log the {@link EventFeed} hands it, applies
 * them and moves the checkpoint in one transaction on its own thread. A failing batch is rolled back and retried
 * with backoff, and the failure stays visible in {@link #status}; the feed stops waiting for this runner, so the
 * other projections are unaffected.
 */
final class ProjectionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    /**
     * Pages queued ahead, so the feed reads the next pages while these are applied; a runner behind the head
     * merges what queued into one batch (see {@link #CATCHUP_BATCH_PAGES}).
     */
    private static final int INBOX_PAGES = 16;
    /**
     * While catching up a batch merges up to this many pages' worth of matching events (live, a batch is what
     * arrived since the last one: a few events), waiting up to {@link #FILL_WAIT_NANOS} for them to queue. Bigger
     * transactions mean fewer commits and round trips, each hot row (a template's run counts, a repo's health, an
     * execution spanning pages) written once per batch, and on SQLite each touched index page written to the WAL
     * once. This holds only while no other runner is live: a
     * rebuild, or a projection added to a running system, keeps one page per batch, so its transactions stay as
     * short as before (on SQLite all projections share one write lock; the runtime contract's rebuild test bounds
     * how long the live projections may wait on both backends).
     */
    private static final int CATCHUP_BATCH_PAGES = 16;
    /**
     * How long a runner catching up alone waits for a full batch to queue before it applies what it has. Without
     * it a runner faster than the feed (one reading a few events per page) took each page as it arrived: one
     * transaction, checkpoint claim and write of each hot row per page (PostgreSQL, 1M events: server CPU
     * 3.3 -> 2.5 s, process 6.8 -> 5.7 s).
     */
    private static final long FILL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a checkpoint may trail slices without matching events before it is written anyway. */
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Events after {@code from} up to {@code to} that match this projection; {@code reachedHead}: nothing was beyond. */
    record Slice(long from, List<RecordedEvent> events, long to, boolean reachedHead) {
    }

    /** What the feed needs to know: where the next slice starts, whether there is room, whether this runner is stuck. */
    record Demand(long tail, boolean room, boolean failing, boolean toldAtHead) {
    }

    private final Projection projection;
    private final ProjectionTables tables;
    private final EventFeed feed;
    private final int maxBatchEvents;
    private final ReadModelDatabase database;
    private final Consumer<ProjectionRunner> onCaughtUp;
    private final Consumer<String> onChanged;
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private final ReentrantLock inboxLock = new ReentrantLock();
    private final Condition delivered = inboxLock.newCondition();
    private final ArrayDeque<Slice> inbox = new ArrayDeque<>();
    /** Matching events in the inbox (guarded by inboxLock). */
    private int inboxEvents;
    /** Where the next slice starts: the end of the last slice received (guarded by inboxLock). */
    private long tail;
    private boolean toldAtHead;
    private volatile Thread thread;
    private volatile boolean running;
    /** Every matching event up to here is applied (the stored checkpoint may trail it over non-matching events). */
    private volatile long position;
    private long stored;
    private long storedAt;
    private volatile boolean caughtUp;
    private volatile String lastError;
    private volatile int consecutiveFailures;

    private final boolean freshTables;

    /** {@code freshTables}: the generation's tables were created empty by this manager for this runner. */
    ProjectionRunner(Projection projection, long generation, boolean freshTables, EventFeed feed, ReadModelDatabase database,
                     Consumer<ProjectionRunner> onCaughtUp, Consumer<String> onChanged) {
        this.freshTables = freshTables;
        this.projection = projection;
        this.tables = new ProjectionTables(projection.name(), generation);
        this.feed = feed;
        this.maxBatchEvents = feed.pageSize() * CATCHUP_BATCH_PAGES;
        this.database = database;
        this.onCaughtUp = onCaughtUp;
        this.onChanged = onChanged;
    }

    void start() throws SQLException {
        long checkpoint = database.read(c -> ProjectionRegistry.checkpoint(c, projection.name(), tables.generation()));
        position = checkpoint;
        stored = checkpoint;
        storedAt = System.nanoTime();
        tail = checkpoint;
        if (freshTables && checkpoint == 0) {
            projection.startedEmpty(tables);
        }
        running = true;
        // A platform thread: on virtual threads the runners queue for the same few carriers as every other
        // virtual thread of the process (64 appending writers in the lag benchmark, HTTP handlers in the server),
        // which added that queue to the projection lag; the OS schedules a platform thread on its own.
        thread = Thread.ofPlatform().daemon().name("projection-" + projection.name() + "-g" + tables.generation()).start(this::run);
        feed.register(this);
    }

    Demand demand() {
        inboxLock.lock();
        try {
            return new Demand(tail, running && inbox.size() < INBOX_PAGES, consecutiveFailures > 0, toldAtHead);
        } finally {
            inboxLock.unlock();
        }
    }

    /** Queues a slice; ignored unless it starts where the last one ended (the runner may have jumped meanwhile). */
    void offer(Slice slice) {
        inboxLock.lock();
        try {
            if (!running || slice.from() != tail) {
                return;
            }
            inbox.addLast(slice);
            inboxEvents += slice.events().size();
            tail = slice.to();
            toldAtHead = slice.reachedHead();
            delivered.signalAll();
        } finally {
            inboxLock.unlock();
        }
    }

    private List<Slice> take(long timeoutNanos) throws InterruptedException {
        List<Slice> batch;
        // asked before taking the inbox lock: the feed looks at the other runners
        int limit = feed.anyOtherCaughtUp(this) ? feed.pageSize() : maxBatchEvents;
        inboxLock.lock();
        try {
            long remaining = timeoutNanos;
            while (inbox.isEmpty()) {
                if (remaining <= 0) {
                    return List.of();
                }
                remaining = delivered.awaitNanos(remaining);
            }
            if (limit == maxBatchEvents) {
                // catching up alone: a runner that applies faster than the feed reads would otherwise take each
                // page as it arrives, one transaction (and one write of every hot row) per page; it waits until
                // a full batch has queued instead, unless the log ends before that
                long fillUntil = System.nanoTime() + FILL_WAIT_NANOS;
                long left = FILL_WAIT_NANOS;
                while (inbox.size() < INBOX_PAGES && inboxEvents < limit && !inbox.peekLast().reachedHead() && left > 0) {
                    delivered.awaitNanos(left);
                    left = fillUntil - System.nanoTime();
                }
            }
            // merged up to the limit: fewer commits for a projection that matches few events per page, while a
            // transaction (and SQLite's single write lock) stays short enough for the live projections' lag
            batch = new ArrayList<>();
            int events = 0;
            while (!inbox.isEmpty() && (batch.isEmpty() || events + inbox.peekFirst().events().size() <= limit)) {
                Slice slice = inbox.pollFirst();
                events += slice.events().size();
                inboxEvents -= slice.events().size();
                batch.add(slice);
            }
        } finally {
            inboxLock.unlock();
        }
        feed.signal();
        return batch;
    }

    /** Another node moved the checkpoint: what was queued is void, the feed continues from there. */
    private void jumpTo(long checkpoint) {
        projection.forget(tables);
        inboxLock.lock();
        try {
            inbox.clear();
            inboxEvents = 0;
            tail = checkpoint;
            toldAtHead = false;
        } finally {
            inboxLock.unlock();
        }
        feed.signal();
    }

    private void run() {
        while (running) {
            List<Slice> batch;
            try {
                batch = take(TimeUnit.MILLISECONDS.toNanos(500));
                if (batch.isEmpty()) {
                    if (position > stored) {
                        writeCheckpoint();
                    }
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                fail(e);
                continue;
            }
            while (running) {
                try {
                    apply(batch);
                    break;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    projection.rolledBack(tables);
                    if (!running || !fail(e)) {
                        return;
                    }
                }
            }
        }
    }

    /** Records a failure and waits its backoff; false when stopped meanwhile. */
    private boolean fail(Exception e) {
        consecutiveFailures++;
        lastError = e.toString();
        long backoff = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(consecutiveFailures - 1, 12));
        LOG.warn("projection {} failed after position {} (attempt {}), retrying in {} ms: {}",
                projection.name(), position, consecutiveFailures, backoff, e.toString());
        feed.signal(); // a failing runner no longer holds back its convoy
        try {
            Thread.sleep(backoff);
            return true;
        } catch (InterruptedException interrupted) {
            return false;
        }
    }

    private void apply(List<Slice> batch) throws SQLException, InterruptedException {
        List<RecordedEvent> events = new ArrayList<>();
        for (Slice slice : batch) {
            events.addAll(slice.events());
        }
        Slice last = batch.getLast();
        long to = last.to();
        if (events.isEmpty()) {
            // nothing of ours in these pages: no transaction unless the checkpoint has trailed for a while
            if (System.nanoTime() - storedAt > CHECKPOINT_INTERVAL_NANOS) {
                writeCheckpoint(to);
            }
            advanced(to, last.reachedHead());
            return;
        }
        long expected = stored;
        Projection.Batch prepared = projection.prepare(events);
        long result = database.write(c -> {
            long elsewhere = ProjectionRegistry.claim(c, projection.name(), tables.generation(), expected, to);
            if (elsewhere >= 0) {
                return elsewhere;
            }
            prepared.apply(tables, c); // a failure rolls the checkpoint back with the rows
            return to;
        });
        stored = result;
        storedAt = System.nanoTime();
        if (result != to) {
            LOG.debug("projection {}: another node moved the checkpoint to {}; continuing from there", projection.name(), result);
            jumpTo(result);
            advanced(result, false);
            return;
        }
        onChanged.accept(projection.name()); // before progress is announced: read-your-writes sees no stale entry
        advanced(to, last.reachedHead());
    }

    private void writeCheckpoint() throws SQLException {
        writeCheckpoint(position);
    }

    private void writeCheckpoint(long to) throws SQLException {
        long expected = stored;
        long elsewhere = database.write(c -> ProjectionRegistry.claim(c, projection.name(), tables.generation(), expected, to));
        long result = elsewhere >= 0 ? elsewhere : to;
        stored = result;
        storedAt = System.nanoTime();
        if (result != to && result > position) {
            jumpTo(result);
            advanced(result, false);
        }
    }

    private void advanced(long to, boolean reachedHead) {
        if (to > position) {
            position = to;
        }
        consecutiveFailures = 0;
        lastError = null;
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
        if (reachedHead && !caughtUp) {
            caughtUp = true;
            onCaughtUp.accept(this);
        }
    }

    boolean awaitPosition(long target, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        progressLock.lock();
        try {
            while (position < target && remaining > 0) {
                remaining = progressed.awaitNanos(remaining);
            }
            return position >= target;
        } finally {
            progressLock.unlock();
        }
    }

    void stop() {
        running = false;
        feed.unregister(this);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        projection.forget(tables);
    }

    Projection projection() {
        return projection;
    }

    long generation() {
        return tables.generation();
    }

    long position() {
        return position;
    }

    boolean isCaughtUp() {
        return caughtUp;
    }

    boolean isRunning() {
        return running;
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }
}
