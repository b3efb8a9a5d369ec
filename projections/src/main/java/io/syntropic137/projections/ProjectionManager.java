package io.syntropic137.projections;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.projections.cache.QueryCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs every projection and owns their generations.
 *
 * <p>A projection whose code version differs from the one that built its active tables, or one asked to
 * {@link #rebuild}, gets a new generation built from position 0 into new tables by a shadow runner; queries keep
 * reading the active generation until the shadow has caught up, then the registry switches to it in one
 * transaction and the old tables are dropped. Projections have no side effects, so replaying is always safe;
 * work dispatch lives in process managers with checkpoints of their own, never here.
 *
 * <p>All runners, live and shadow, are fed by one {@link EventFeed}: the log is read once per page for every
 * projection at that position, while each runner keeps its own checkpoint, transaction and failure state.
 */
public final class ProjectionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionManager.class);

    private final EventStore store;
    private final ReadModelDatabase database;
    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final EventFeed feed;
    private final QueryCache cache;
    /** Generation queries read; absent while a first build has not finished. */
    private final Map<String, Long> activeGenerations = new ConcurrentHashMap<>();
    private final Map<String, ProjectionRunner> live = new ConcurrentHashMap<>();
    private final Map<String, ProjectionRunner> shadows = new ConcurrentHashMap<>();
    /** Lease owner id of this node; null when leases are off (one node, or nodes relying on the checkpoint lock). */
    private String leaseOwner;
    private Duration leaseTtl;
    /** Projections this node holds the lease for (with leases on, only these have runners here). */
    private final Set<String> leased = ConcurrentHashMap.newKeySet();
    /** Checkpoints of the projections another node runs, as last polled. */
    private final Map<String, Long> followed = new ConcurrentHashMap<>();
    private final ReentrantLock followLock = new ReentrantLock();
    private final Condition followedMoved = followLock.newCondition();
    private volatile boolean closed;
    private volatile Thread keeper;

    public ProjectionManager(EventStore store, ReadModelDatabase database, List<Projection> projections, int batchSize,
                             QueryCache cache) {
        this.cache = cache;
        this.store = store;
        this.database = database;
        this.feed = new EventFeed(store, batchSize);
        for (Projection projection : projections) {
            if (this.projections.put(projection.name(), projection) != null) {
                throw new IllegalArgumentException("two projections are named " + projection.name());
            }
        }
    }

    /**
     * Several nodes on one database: each projection runs on the node holding its lease (renewed every third of
     * {@code ttl}; taken over by another node when it expires or is released on close). The other nodes serve
     * queries from the same tables and follow the checkpoint, polled every 20 ms, for read-your-writes and cache
     * invalidation. Call before {@link #start}.
     */
    public ProjectionManager useLeases(String owner, Duration ttl) {
        this.leaseOwner = owner;
        this.leaseTtl = ttl;
        return this;
    }

    public void start() throws SQLException {
        database.write(c -> {
            ProjectionRegistry.createTables(c);
            return null;
        });
        for (Projection projection : projections.values()) {
            if (leaseOwner == null || takeLease(projection.name())) {
                run(projection);
            }
        }
        if (leaseOwner != null) {
            follow();
            keeper = Thread.ofPlatform().daemon().name("projection-leases").start(this::keepLeases);
        }
        // started once every runner is registered, so runners starting at the same checkpoint share their first page
        feed.start();
    }

    private void run(Projection projection) throws SQLException {
        Optional<ProjectionRegistry.Active> active = database.read(c -> ProjectionRegistry.active(c, projection.name()));
        if (active.isEmpty()) {
            long generation = createGeneration(projection);
            database.write(c -> {
                ProjectionRegistry.setActive(c, projection.name(), generation, projection.version());
                return null;
            });
            activeGenerations.put(projection.name(), generation);
            startLive(projection, generation, true);
        } else if (active.get().version() == projection.version()) {
            activeGenerations.put(projection.name(), active.get().generation());
            startLive(projection, active.get().generation(), false);
        } else {
            // the tables were built by other code: serve them as they are until the new build catches up
            activeGenerations.put(projection.name(), active.get().generation());
            LOG.info("projection {} changed from version {} to {}: rebuilding from position 0 into a new generation",
                    projection.name(), active.get().version(), projection.version());
            startShadow(projection);
        }
    }

    private boolean takeLease(String name) throws SQLException {
        long now = System.currentTimeMillis();
        boolean held = database.write(c -> ProjectionRegistry.lease(c, name, leaseOwner, now, now + leaseTtl.toMillis()));
        if (held) {
            leased.add(name);
        } else {
            leased.remove(name);
        }
        return held;
    }

    private void keepLeases() {
        long renewEvery = Math.max(1, leaseTtl.toMillis() / 3);
        long lastRenewal = System.currentTimeMillis();
        while (!closed) {
            try {
                Thread.sleep(20);
                if (System.currentTimeMillis() - lastRenewal >= renewEvery) {
                    lastRenewal = System.currentTimeMillis();
                    for (Projection projection : projections.values()) {
                        boolean had = leased.contains(projection.name());
                        boolean has = takeLease(projection.name());
                        if (had && !has) {
                            LOG.warn("lost the lease on projection {} (renewal too late?); another node runs it now", projection.name());
                            stopRunners(projection.name());
                        } else if (!had && has) {
                            LOG.info("took over projection {}", projection.name());
                            follow(); // the generation the previous node left active
                            followed.remove(projection.name());
                            run(projection);
                        }
                    }
                }
                follow();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!closed) {
                    LOG.warn("keeping projection leases failed, retrying: {}", e.toString());
                }
            }
        }
    }

    /** Polls what the nodes running the other projections have done: their active generation and checkpoint. */
    private void follow() throws SQLException {
        Map<String, long[]> positions = database.read(ProjectionRegistry::activePositions);
        boolean moved = false;
        for (Projection projection : projections.values()) {
            String name = projection.name();
            long[] state = positions.get(name);
            if (leased.contains(name) || state == null) {
                continue;
            }
            Long generation = activeGenerations.put(name, state[0]);
            Long position = followed.put(name, state[1]);
            if (generation == null || generation != state[0] || position == null || position != state[1]) {
                cache.invalidate(name); // before the progress is announced, as on the node that applied it
                moved = true;
            }
        }
        if (moved) {
            followLock.lock();
            try {
                followedMoved.signalAll();
            } finally {
                followLock.unlock();
            }
        }
    }

    private void stopRunners(String name) {
        ProjectionRunner shadow = shadows.remove(name);
        if (shadow != null) {
            shadow.stop();
        }
        ProjectionRunner runner = live.remove(name);
        if (runner != null) {
            runner.stop();
        }
    }

    /** Rebuilds one projection from position 0 into new tables; queries keep the current ones until the swap. */
    public long rebuild(String name) throws SQLException {
        Projection projection = projection(name);
        if (leaseOwner != null && !leased.contains(name)) {
            throw new IllegalStateException("projection " + name + " runs on another node (it holds the lease); rebuild it there");
        }
        if (shadows.containsKey(name)) {
            return shadows.get(name).generation();
        }
        return startShadow(projection);
    }

    private long startShadow(Projection projection) throws SQLException {
        long generation = createGeneration(projection);
        // a shadow's tables are not queried until the swap, so until then its batches need not touch the cache;
        // once swapped in, the same runner serves the queries and its batches must invalidate their answers
        ProjectionRunner shadow = new ProjectionRunner(projection, generation, true, feed, database, this::swapIn,
                name -> {
                    Long active = activeGenerations.get(name);
                    if (active != null && active == generation) {
                        cache.invalidate(name);
                    }
                });
        shadows.put(projection.name(), shadow);
        shadow.start();
        return generation;
    }

    private long createGeneration(Projection projection) throws SQLException {
        return database.write(c -> {
            long generation = ProjectionRegistry.highestGeneration(c, projection.name()) + 1;
            Long active = activeGenerations.get(projection.name());
            if (active != null && generation <= active) {
                generation = active + 1;
            }
            ProjectionTables tables = new ProjectionTables(projection.name(), generation);
            projection.createTables(tables, c, database.dialect());
            ProjectionRegistry.createCheckpoint(c, projection.name(), generation, projection.version());
            return generation;
        });
    }

    private void startLive(Projection projection, long generation, boolean freshTables) throws SQLException {
        ProjectionRunner runner = new ProjectionRunner(projection, generation, freshTables, feed, database, r -> {
        }, cache::invalidate);
        live.put(projection.name(), runner);
        runner.start();
    }

    /** Called by a shadow runner when it first catches up with the store. */
    private void swapIn(ProjectionRunner shadow) {
        Projection projection = shadow.projection();
        String name = projection.name();
        Long old = activeGenerations.get(name);
        try {
            database.write(c -> {
                ProjectionRegistry.setActive(c, name, shadow.generation(), projection.version());
                return null;
            });
        } catch (SQLException e) {
            LOG.error("swapping in generation {} of {} failed; the current generation keeps serving", shadow.generation(), name, e);
            return;
        }
        activeGenerations.put(name, shadow.generation());
        cache.invalidate(name);
        shadows.remove(name);
        ProjectionRunner previous = live.put(name, shadow);
        // the old runner is stopped from another thread: this callback runs on the shadow's own thread
        Thread.ofVirtual().start(() -> retire(projection, previous, old));
        LOG.info("projection {} now serves generation {}", name, shadow.generation());
    }

    private void retire(Projection projection, ProjectionRunner previous, Long oldGeneration) {
        if (previous != null) {
            previous.stop();
        }
        if (oldGeneration == null) {
            return;
        }
        if (leaseOwner != null) {
            try {
                Thread.sleep(1_000); // nodes that follow switch to the new generation within their 20 ms poll first
            } catch (InterruptedException e) {
                return;
            }
        }
        try {
            database.write(c -> {
                ProjectionRegistry.dropGeneration(c, projection, oldGeneration);
                return null;
            });
        } catch (SQLException e) {
            LOG.warn("dropping generation {} of {} failed; it is unused and can be dropped by hand", oldGeneration, projection.name(), e);
        }
    }

    /** The cache query services read through; invalidated by every committed batch. */
    public QueryCache cache() {
        return cache;
    }

    /** The tables queries should read for a projection. */
    public ProjectionTables tables(String name) {
        Long generation = activeGenerations.get(name);
        if (generation == null) {
            throw new IllegalArgumentException("no projection named " + name);
        }
        return new ProjectionTables(name, generation);
    }

    /** Read-your-writes: waits (bounded) until the projection serving queries has applied {@code position}. */
    public boolean awaitPosition(String name, long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProjectionRunner runner = live.get(name);
            long remaining = deadline - System.nanoTime();
            if (runner == null && leaseOwner != null && !leased.contains(name)) {
                if (followed.getOrDefault(name, -1L) >= position) {
                    return true;
                }
                if (remaining <= 0) {
                    return false;
                }
                followLock.lock();
                try {
                    followedMoved.awaitNanos(Math.min(remaining, 50_000_000L));
                } finally {
                    followLock.unlock();
                }
                continue;
            }
            if (runner == null) {
                // still waiting for a rebuild of changed code to catch up
                if (remaining <= 0) {
                    return false;
                }
                Thread.sleep(Math.min(20, Math.max(1, remaining / 1_000_000)));
                continue;
            }
            return runner.awaitPosition(position, Duration.ofNanos(Math.max(0, remaining)));
        }
    }

    public List<ProjectionStatus> status() {
        long head = store.headPosition();
        List<ProjectionStatus> result = new ArrayList<>();
        for (Projection projection : projections.values()) {
            ProjectionRunner runner = live.get(projection.name());
            ProjectionRunner shadow = shadows.get(projection.name());
            long generation = activeGenerations.getOrDefault(projection.name(), 0L);
            ProjectionStatus.State state;
            long position;
            Optional<String> error;
            int failures;
            if (runner == null && leaseOwner != null && !leased.contains(projection.name())) {
                state = ProjectionStatus.State.FOLLOWING;
                position = followed.getOrDefault(projection.name(), 0L);
                error = Optional.empty();
                failures = 0;
            } else if (runner == null) {
                state = ProjectionStatus.State.WAITING_FOR_REBUILD;
                position = 0;
                error = shadow == null ? Optional.empty() : shadow.lastError();
                failures = shadow == null ? 0 : shadow.consecutiveFailures();
            } else {
                position = runner.position();
                error = runner.lastError();
                failures = runner.consecutiveFailures();
                state = !runner.isRunning() ? ProjectionStatus.State.STOPPED
                        : failures > 0 ? ProjectionStatus.State.FAILING
                        : runner.isCaughtUp() ? ProjectionStatus.State.LIVE : ProjectionStatus.State.CATCHING_UP;
            }
            result.add(new ProjectionStatus(projection.name(), projection.version(), generation, state, position, head,
                    error, failures, Optional.ofNullable(shadow).map(ProjectionRunner::generation),
                    Optional.ofNullable(shadow).map(ProjectionRunner::position)));
        }
        return result;
    }

    private Projection projection(String name) {
        Projection projection = projections.get(name);
        if (projection == null) {
            throw new IllegalArgumentException("no projection named '" + name + "'; known: " + projections.keySet());
        }
        return projection;
    }

    @Override
    public void close() {
        closed = true;
        Thread k = keeper;
        if (k != null) {
            k.interrupt();
            try {
                k.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shadows.values().forEach(ProjectionRunner::stop);
        live.values().forEach(ProjectionRunner::stop);
        feed.close();
        for (String name : leased) {
            try {
                // released rather than left to expire, so another node takes over at its next renewal
                database.write(c -> {
                    ProjectionRegistry.releaseLease(c, name, leaseOwner);
                    return null;
                });
            } catch (SQLException | RuntimeException e) {
                LOG.warn("releasing the lease on {} failed; it expires on its own: {}", name, e.toString());
            }
        }
        leased.clear();
    }
}
