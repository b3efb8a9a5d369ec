package io.syntropic137.server.stream;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.eventstore.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one live reader of the event store per server: a single subscription from the head (on its own virtual thread)
 * decodes each new event once, maps it to its execution, renders its frame once, and offers it to the queues of that
 * execution's clients and of the activity clients. Offering never blocks, so a slow client cannot hold up the tail.
 *
 * <p>Hand-over guarantee that {@link StreamSession} relies on: a queue registered before the store's head is read
 * receives every frame of an event committed after that read. Registration and fan-out take the same lock, and an
 * event committed after the head read reaches the tail only after the registration was complete.
 */
public final class ExecutionTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionTail.class);

    private final EventStore store;
    private final EventCodec codec;
    private final EventFilter filter;
    private final FrameMapper mapper;
    private final ReentrantLock fanOut = new ReentrantLock();
    private final Map<String, Set<ClientQueue>> byExecution = new ConcurrentHashMap<>();
    private final Set<ClientQueue> activity = ConcurrentHashMap.newKeySet();
    private volatile Subscription subscription;
    private volatile boolean closed;

    public ExecutionTail(EventStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
        this.filter = FrameMapper.filter(codec);
        this.mapper = new FrameMapper(codec, new SessionDirectory(store, codec));
    }

    /** Starts tailing from the current head: earlier events are served to clients by their own catch-up reads. */
    public ExecutionTail start() {
        subscription = store.subscribe(store.headPosition(), filter, this::onEvent);
        return this;
    }

    EventStore store() {
        return store;
    }

    EventCodec codec() {
        return codec;
    }

    EventFilter filter() {
        return filter;
    }

    /** Registers a client of one execution's stream (or, with a null id, of the activity stream). */
    void register(String executionId, ClientQueue queue) {
        fanOut.lock();
        try {
            if (closed) {
                queue.close();
                return;
            }
            if (executionId == null) {
                activity.add(queue);
            } else {
                byExecution.computeIfAbsent(executionId, id -> ConcurrentHashMap.newKeySet()).add(queue);
            }
        } finally {
            fanOut.unlock();
        }
    }

    void unregister(String executionId, ClientQueue queue) {
        fanOut.lock();
        try {
            if (executionId == null) {
                activity.remove(queue);
            } else {
                Set<ClientQueue> clients = byExecution.get(executionId);
                if (clients != null) {
                    clients.remove(queue);
                    if (clients.isEmpty()) {
                        byExecution.remove(executionId);
                    }
                }
            }
        } finally {
            fanOut.unlock();
        }
    }

    /** Connected clients (execution streams plus activity streams), for tests and health. */
    public int clientCount() {
        return activity.size() + byExecution.values().stream().mapToInt(Set::size).sum();
    }

    /** The position of the last event the tail handled. */
    public long position() {
        Subscription current = subscription;
        return current == null ? 0 : current.position();
    }

    private void onEvent(RecordedEvent recorded) {
        Optional<Frame> mapped;
        try {
            mapped = mapper.map(recorded);
        } catch (RuntimeException e) {
            // one undecodable event must not stop every live stream; clients still get it skipped, never reordered
            LOG.error("event {} ({} at position {}) cannot be streamed", recorded.eventId(), recorded.type(),
                    recorded.position(), e);
            return;
        }
        if (mapped.isEmpty()) {
            return;
        }
        Frame frame = mapped.get();
        fanOut.lock();
        try {
            Set<ClientQueue> clients = byExecution.get(frame.executionId());
            if (clients != null) {
                clients.removeIf(queue -> !queue.offer(frame));
            }
            activity.removeIf(queue -> !queue.offer(frame));
        } finally {
            fanOut.unlock();
        }
    }

    @Override
    public void close() {
        fanOut.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            byExecution.values().forEach(clients -> clients.forEach(ClientQueue::close));
            activity.forEach(ClientQueue::close);
            byExecution.clear();
            activity.clear();
        } finally {
            fanOut.unlock();
        }
        Subscription current = subscription;
        if (current != null) {
            current.close();
        }
    }
}
