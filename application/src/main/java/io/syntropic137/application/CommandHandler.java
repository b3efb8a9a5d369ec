package io.syntropic137.application;

import io.syntropic137.application.CommandOutcome.Accepted;
import io.syntropic137.application.CommandOutcome.Contended;
import io.syntropic137.application.CommandOutcome.Rejected;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Command;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.Causation;
import io.syntropic137.eventstore.EventMetadata;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.InvalidAppendException;
import io.syntropic137.eventstore.NewEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The one way every command reaches every aggregate: load (snapshot + newer events), decide, append with
 * the version that was decided on. When another writer got there first the store refuses the append; the
 * handler then reads what was added and decides again on the new state, up to the retry policy's limit.
 * So two users pausing and cancelling at once each get an answer that is right for the order in which
 * their commands actually took effect.
 */
public final class CommandHandler {

    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+=\\-]{0,199}");
    private static final int IDEMPOTENCY_LOOKBACK = 10_000;

    private final AggregateRepository repository;
    private final EventCodec codec;
    private final SnapshotPolicy snapshots;
    private final RetryPolicy retries;
    private final EarlierOutcomes earlier;
    private final AggregateCache aggregates = new AggregateCache(10_000);

    public CommandHandler(EventStore store, EventCodec codec, SnapshotPolicy snapshots, RetryPolicy retries) {
        this.repository = new AggregateRepository(store, codec);
        this.codec = codec;
        this.snapshots = snapshots;
        this.retries = retries;
        this.earlier = new EarlierOutcomes(repository, IDEMPOTENCY_LOOKBACK);
    }

    public static CommandHandler withDefaults(EventStore store) {
        return new CommandHandler(store, EventCodec.standard(), SnapshotPolicy.DEFAULT, RetryPolicy.DEFAULT);
    }

    public <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> CommandOutcome<E> handle(
            AggregateType<S, C, E> type, C command, CommandContext context) {
        String streamId = StreamIds.of(type, command.aggregateId());
        if (!STREAM_ID.matcher(streamId).matches()) {
            return new Rejected<>(streamId, invalidId(type, command));
        }
        return decideAndAppend(type, streamId, state -> state.decide(command), context);
    }

    /**
     * Several commands to one aggregate, decided in order on the state each leaves, and stored as one append: all
     * or nothing. The first refusal refuses the whole batch (nothing is written). For facts that happen together
     * (an agent's result, its artifacts and the phase's completion), one append instead of three.
     */
    public <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> CommandOutcome<E> handleAll(
            AggregateType<S, C, E> type, List<? extends C> commands, CommandContext context) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("handleAll needs at least one command");
        }
        String aggregateId = commands.getFirst().aggregateId();
        for (C command : commands) {
            if (!command.aggregateId().equals(aggregateId)) {
                throw new IllegalArgumentException("handleAll takes commands to one aggregate; got '" + aggregateId
                        + "' and '" + command.aggregateId() + "'");
            }
        }
        String streamId = StreamIds.of(type, aggregateId);
        if (!STREAM_ID.matcher(streamId).matches()) {
            return new Rejected<>(streamId, invalidId(type, commands.getFirst()));
        }
        return decideAndAppend(type, streamId, state -> {
            List<E> all = new java.util.ArrayList<>();
            S current = state;
            for (C command : commands) {
                Result<List<E>, Rejection> decision = current.decide(command);
                if (decision instanceof Result.Err<List<E>, Rejection> err) {
                    return Result.err(err.error());
                }
                for (E event : ((Result.Ok<List<E>, Rejection>) decision).value()) {
                    current = current.evolve(event);
                    all.add(event);
                }
            }
            return Result.ok(all);
        }, context);
    }

    private <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> CommandOutcome<E> decideAndAppend(
            AggregateType<S, C, E> type, String streamId, java.util.function.Function<S, Result<List<E>, Rejection>> decider,
            CommandContext context) {
        String key = context.idempotencyKey();
        LoadedAggregate<S, E> loaded = aggregates.get(streamId);
        boolean fromCache = loaded != null;
        if (loaded == null) {
            loaded = repository.load(type, streamId);
        }
        for (int attempt = 1; ; attempt++) {
            if (key != null && fromCache && earlier.inLoaded(loaded, key).isEmpty()) {
                // the cache may lag other nodes: only the store can tell whether this key was handled
                loaded = repository.catchUp(type, loaded);
                fromCache = false;
            }
            if (key != null) {
                Optional<Accepted<E>> repeated = earlier.inLoaded(loaded, key);
                if (repeated.isPresent()) {
                    return repeated.get();
                }
            }
            Result<List<E>, Rejection> decision = decider.apply(loaded.state());
            boolean nothingToWrite = decision instanceof Result.Err<List<E>, Rejection>
                    || ((Result.Ok<List<E>, Rejection>) decision).value().isEmpty();
            if (nothingToWrite && fromCache) {
                // a refusal must come from the true state, not from a cached one another node may have moved on
                loaded = repository.catchUp(type, loaded);
                fromCache = false;
                attempt--;
                continue;
            }
            if (decision instanceof Result.Err<List<E>, Rejection> err) {
                return earlierBeyondLoaded(type, loaded, key).map(a -> (CommandOutcome<E>) a)
                        .orElseGet(() -> new Rejected<>(streamId, err.error()));
            }
            List<E> events = ((Result.Ok<List<E>, Rejection>) decision).value();
            if (events.isEmpty()) {
                long version = loaded.version();
                return earlierBeyondLoaded(type, loaded, key).map(a -> (CommandOutcome<E>) a)
                        .orElseGet(() -> new Accepted<>(streamId, List.of(), version, 0, false));
            }
            AppendOutcome outcome;
            List<NewEvent> encoded = encode(streamId, events, key, context.causation());
            try {
                outcome = repository.store().append(streamId, ExpectedVersion.exactly(loaded.version()), encoded);
            } catch (InvalidAppendException e) {
                aggregates.forget(streamId);
                if (key != null && e.reason() == InvalidAppendException.Reason.EVENT_ID_CONFLICT) {
                    // An earlier send wrote under this key, further back than this load reached.
                    return earlier.inStore(type, streamId, key, Long.MAX_VALUE / 2).map(a -> (CommandOutcome<E>) a)
                            .orElseThrow(() -> e);
                }
                throw e;
            }
            switch (outcome) {
                case AppendOutcome.Appended appended when appended.alreadyStored() -> {
                    aggregates.forget(streamId);
                    return earlier.readRun(type, streamId, key, appended.firstVersion());
                }
                case AppendOutcome.Appended appended -> {
                    if (snapshotIfDue(loaded, events, appended.lastVersion())) {
                        aggregates.forget(streamId); // the next load starts from the new snapshot: the cache stays small
                    } else {
                        aggregates.remember(loaded.plus(applied(loaded, events, encoded, appended)));
                    }
                    return new Accepted<>(streamId, events, appended.lastVersion(), appended.lastPosition(), false);
                }
                case AppendOutcome.WrongExpectedVersion wrong -> {
                    fromCache = false;
                    if (attempt >= retries.maxAttempts()) {
                        aggregates.forget(streamId);
                        return new Contended<>(streamId, attempt);
                    }
                    backOff(attempt);
                    loaded = repository.catchUp(type, loaded);
                }
            }
        }
    }

    /**
     * The current state of one aggregate, exact as of this call: this node's cached copy brought up to date with the
     * events appended since (usually none, one short query), else a full load. For process managers that consult
     * the aggregates they drive between commands.
     */
    public <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> S current(
            AggregateType<S, C, E> type, String aggregateId) {
        String streamId = StreamIds.of(type, aggregateId);
        LoadedAggregate<S, E> cached = aggregates.get(streamId);
        if (cached == null) {
            LoadedAggregate<S, E> loaded = repository.load(type, streamId);
            if (loaded.version() > 0) {
                aggregates.remember(loaded);
            }
            return loaded.state();
        }
        LoadedAggregate<S, E> fresh = repository.catchUp(type, cached);
        if (fresh.version() > cached.version()) {
            aggregates.remember(fresh);
        }
        return fresh.state();
    }

    /** The current state of one aggregate (snapshot + newer events), e.g. for queries that must be exact. */
    public <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> LoadedAggregate<S, E> load(
            AggregateType<S, C, E> type, String aggregateId) {
        return repository.load(type, StreamIds.of(type, aggregateId));
    }

    private <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> Rejection invalidId(
            AggregateType<S, C, E> type, C command) {
        // The aggregate validates ids of create commands and says precisely what is wrong with them.
        if (type.initial().decide(command) instanceof Result.Err<List<E>, Rejection> err) {
            return err.error();
        }
        return new Rejection.InvalidInput("id", "'" + command.aggregateId() + "' cannot name a " + type.name());
    }

    /**
     * When deciding again produced no events, the command may still have been handled before, longer ago
     * than the loaded events reach (they start after the snapshot). Only then is the stream searched.
     */
    private <E extends DomainEvent> Optional<Accepted<E>> earlierBeyondLoaded(
            AggregateType<?, ?, E> type, LoadedAggregate<?, E> loaded, String key) {
        if (key == null || loaded.baseVersion() == 0) {
            return Optional.empty();
        }
        return earlier.inStore(type, loaded.streamId(), key, loaded.baseVersion());
    }

    private List<NewEvent> encode(String streamId, List<? extends DomainEvent> events, String key, Causation causation) {
        List<NewEvent> encoded = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventCodec.Encoded e = codec.encode(events.get(i));
            UUID id = key == null ? TimeOrderedIds.next() : IdempotentEventIds.of(streamId, key, i);
            encoded.add(new NewEvent(id, e.type(), e.schemaVersion(), e.json(), causation));
        }
        return encoded;
    }

    /** The events just written, as a load would have read them, with the state after each. */
    private static <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> List<LoadedAggregate.Applied<S, E>> applied(
            LoadedAggregate<S, E> loaded, List<E> events, List<NewEvent> encoded, AppendOutcome.Appended appended) {
        List<LoadedAggregate.Applied<S, E>> result = new ArrayList<>(events.size());
        S state = loaded.state();
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < events.size(); i++) {
            NewEvent e = encoded.get(i);
            state = state.evolve(events.get(i));
            RecordedEvent recorded = new RecordedEvent(e.eventId(), loaded.streamId(), appended.firstVersion() + i,
                    appended.firstPosition() + i, e.type(), e.schemaVersion(), e.data(), EventMetadata.of(e.causation(), now));
            result.add(new LoadedAggregate.Applied<>(recorded, events.get(i), state));
        }
        return result;
    }

    /** Returns true when a snapshot was saved. */
    private <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> boolean snapshotIfDue(
            LoadedAggregate<S, E> loaded, List<E> written, long newVersion) {
        if (!snapshots.isDue(newVersion - loaded.baseVersion())) {
            return false;
        }
        long target = newVersion - snapshots.keepAfter();
        S state;
        if (target <= loaded.version()) {
            state = loaded.stateAt(target);
        } else {
            state = loaded.state();
            for (int i = 0; i < target - loaded.version(); i++) {
                state = state.evolve(written.get(i));
            }
        }
        repository.saveSnapshot(loaded.streamId(), target, state);
        return true;
    }

    private void backOff(int attempt) {
        long max = retries.maxBackoffMicros() * attempt;
        if (max > 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(max + 1)));
        }
    }
}
