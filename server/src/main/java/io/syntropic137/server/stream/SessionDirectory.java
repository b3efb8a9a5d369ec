package io.syntropic137.server.stream;

import io.syntropic137.application.StreamIds;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionEvent.SessionStarted;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.RecordedEvent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which execution and phase a session belongs to. Only {@code SessionStarted} says so; later session events carry
 * the session id alone. Sessions seen starting are remembered (and forgotten when they complete); a session that
 * started before this reader began (before a server restart, or before a reconnect's resume point) is looked up
 * once in its own stream.
 */
final class SessionDirectory {
    record Owner(String executionId, String phaseId) {
    }

    private final EventStore store;
    private final EventCodec codec;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    SessionDirectory(EventStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    void started(SessionStarted started) {
        owners.put(started.sessionId(), new Owner(started.executionId(), started.phaseId()));
    }

    void completed(String sessionId) {
        owners.remove(sessionId);
    }

    Optional<Owner> owner(String sessionId) {
        Owner known = owners.get(sessionId);
        if (known != null) {
            return Optional.of(known);
        }
        List<RecordedEvent> first = store.readStreamForward(StreamIds.of(AgentSession.TYPE, sessionId), 1, 1);
        if (first.isEmpty() || !(codec.decode(first.getFirst()) instanceof SessionStarted started)) {
            return Optional.empty();
        }
        Owner owner = new Owner(started.executionId(), started.phaseId());
        owners.put(sessionId, owner);
        return Optional.of(owner);
    }

    int size() {
        return owners.size();
    }
}
