package io.syntropic137.projections;

import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Feeds one generation of one projection: reads a page after its checkpoint, applies it and moves the
 * checkpoint in one transaction, repeats; waits for commits when caught up. A failing page is rolled back and
 * retried with backoff, and the failure stays visible in {@link #status}; other projections are unaffected.
 */
final class ProjectionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Projection projection;
    private final ProjectionTables tables;
    private final EventStore store;
    private final ReadModelDatabase database;
    private final int batchSize;
    private final Consumer<ProjectionRunner> onCaughtUp;
    private final Consumer<String> onChanged;
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private volatile Thread thread;
    private volatile boolean running;
    private volatile long position;
    private volatile long lastHead;
    private volatile boolean caughtUp;
    private volatile String lastError;
    private volatile int consecutiveFailures;

    ProjectionRunner(Projection projection, long generation, EventStore store, ReadModelDatabase database, int batchSize,
                     Consumer<ProjectionRunner> onCaughtUp, Consumer<String> onChanged) {
        this.projection = projection;
        this.tables = new ProjectionTables(projection.name(), generation);
        this.store = store;
        this.database = database;
        this.batchSize = batchSize;
        this.onCaughtUp = onCaughtUp;
        this.onChanged = onChanged;
    }

    void start() throws SQLException {
        position = database.read(c -> ProjectionRegistry.checkpoint(c, projection.name(), tables.generation()));
        running = true;
        thread = Thread.ofVirtual().name("projection-" + projection.name() + "-g" + tables.generation()).start(this::run);
    }

    private void run() {
        while (running) {
            try {
                EventPage page = store.readPage(position, batchSize, projection.filter());
                if (page.scannedTo() > position) {
                    applyPage(page);
                }
                if (page.events().size() < batchSize) {
                    lastHead = Math.max(lastHead, page.scannedTo());
                    if (!caughtUp) {
                        caughtUp = true;
                        onCaughtUp.accept(this);
                    }
                    lastHead = store.awaitHeadAbove(position, Duration.ofSeconds(1));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                consecutiveFailures++;
                lastError = e.toString();
                long backoff = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(consecutiveFailures - 1, 12));
                LOG.warn("projection {} failed after position {} (attempt {}), retrying in {} ms: {}",
                        projection.name(), position, consecutiveFailures, backoff, e.toString());
                if (!sleep(backoff)) {
                    return;
                }
            }
        }
    }

    private void applyPage(EventPage page) throws SQLException {
        long from = position;
        long stored = database.write(c -> {
            long current = ProjectionRegistry.lockCheckpoint(c, database.dialect(), projection.name(), tables.generation());
            if (current != from) {
                return current; // another node applied this page first; continue from where it got
            }
            if (!page.events().isEmpty()) {
                projection.applyBatch(page.events(), tables, c);
            }
            if (!ProjectionRegistry.advance(c, projection.name(), tables.generation(), from, page.scannedTo())) {
                throw new SQLException("checkpoint of " + projection.name() + " moved while its row was locked");
            }
            return page.scannedTo();
        });
        if (stored == page.scannedTo() && !page.events().isEmpty()) {
            onChanged.accept(projection.name()); // before progress is announced: read-your-writes sees no stale entry
        }
        position = stored;
        consecutiveFailures = 0;
        lastError = null;
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
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
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

    long lastHead() {
        return lastHead;
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

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
