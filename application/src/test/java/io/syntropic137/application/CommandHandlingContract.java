package io.syntropic137.application;

import io.syntropic137.application.CommandOutcome.Accepted;
import io.syntropic137.application.CommandOutcome.Contended;
import io.syntropic137.application.CommandOutcome.Rejected;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.orchestration.ExecutionCommand;
import io.syntropic137.domain.orchestration.ExecutionCommand.CancelExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.PauseExecution;
import io.syntropic137.domain.orchestration.ExecutionCommand.ReachYieldPoint;
import io.syntropic137.domain.orchestration.ExecutionCommand.ResumeExecution;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.PlannedPhase;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.organization.Repo;
import io.syntropic137.domain.organization.RepoCommand.RegisterRepo;
import io.syntropic137.domain.organization.RepoProvider;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.RecordedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The command-handling path against a real event store. Each backend runs the same tests through a
 * subclass that opens its store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CommandHandlingContract {

    private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");
    private static final List<PlannedPhase> PHASES = List.of(new PlannedPhase("a", "A", 1),
            new PlannedPhase("b", "B", 2), new PlannedPhase("c", "C", 3));

    protected EventStore store;
    private final EventCodec codec = EventCodec.standard();

    protected abstract EventStore openStore() throws Exception;

    protected abstract void closeStore() throws Exception;

    @BeforeAll
    void open() throws Exception {
        store = openStore();
    }

    @AfterAll
    void close() throws Exception {
        closeStore();
    }

    private CommandHandler handler(SnapshotPolicy snapshots) {
        return new CommandHandler(store, codec, snapshots, RetryPolicy.DEFAULT);
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ExecutionCommand.StartExecution start(String id, List<PlannedPhase> phases) {
        return new ExecutionCommand.StartExecution(id, "tpl", phases, "task", Map.of(), List.of(), T0);
    }

    private static Accepted<ExecutionEvent> accepted(CommandOutcome<ExecutionEvent> outcome) {
        assertThat(outcome).isInstanceOf(Accepted.class);
        return (Accepted<ExecutionEvent>) outcome;
    }

    private List<RecordedEvent> stream(String streamId) {
        return store.readStreamForward(streamId, 1, 100_000);
    }

    @Test
    void aBatchOfCommandsIsOneAppendOrNothing() {
        CommandHandler handler = handler(SnapshotPolicy.DEFAULT);
        String id = newId("ex");
        CommandContext context = CommandContext.by("engine");
        accepted(handler.handle(WorkflowExecution.TYPE, start(id, PHASES), context));
        String first = PHASES.getFirst().phaseId();
        var both = accepted(handler.handleAll(WorkflowExecution.TYPE, List.of(
                new ExecutionCommand.StartPhase(id, first, T0), new ExecutionCommand.CompletePhase(id, first, T0)), context));
        List<RecordedEvent> events = stream(StreamIds.of(WorkflowExecution.TYPE, id));
        assertThat(both.events()).hasSize(3); // started, completed, next ready: decided on the state each leaves
        assertThat(both.streamVersion()).isEqualTo(4);
        assertThat(events.getLast().position()).isEqualTo(both.position());

        // the second command is refused (a phase out of order): nothing of the batch is written
        String second = PHASES.get(1).phaseId();
        var refused = handler.handleAll(WorkflowExecution.TYPE, List.of(new ExecutionCommand.StartPhase(id, second, T0),
                new ExecutionCommand.StartPhase(id, PHASES.getLast().phaseId(), T0)), context);
        assertThat(refused).isInstanceOf(CommandOutcome.Rejected.class);
        assertThat(stream(StreamIds.of(WorkflowExecution.TYPE, id))).hasSize(4);
        assertThatThrownBy(() -> handler.handleAll(WorkflowExecution.TYPE, List.of(new ExecutionCommand.StartPhase(id, second, T0),
                new ExecutionCommand.StartPhase("other", second, T0)), context)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsAnExecutionAndCarriesCausationIntoMetadata() {
        CommandHandler handler = handler(SnapshotPolicy.DEFAULT);
        String id = newId("ex");
        var context = new CommandContext(null, "corr-1", "http-req-9", "alice");
        long before = store.headPosition();
        var started = accepted(handler.handle(WorkflowExecution.TYPE, start(id, PHASES), context));
        assertThat(started.position()).isGreaterThan(before);
        assertThat(started.streamVersion()).isEqualTo(1);
        long last = started.position();
        for (PlannedPhase phase : PHASES) {
            var phaseStarted = accepted(handler.handle(WorkflowExecution.TYPE,
                    new ExecutionCommand.StartPhase(id, phase.phaseId(), T0), context));
            var phaseDone = accepted(handler.handle(WorkflowExecution.TYPE,
                    new ExecutionCommand.CompletePhase(id, phase.phaseId(), T0), context));
            assertThat(phaseStarted.position()).isGreaterThan(last);
            assertThat(phaseDone.position()).isGreaterThan(phaseStarted.position());
            last = phaseDone.position();
        }
        accepted(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.CompleteExecution(id, T0), context));

        assertThat(handler.load(WorkflowExecution.TYPE, id).state().status()).isEqualTo(ExecutionStatus.COMPLETED);
        List<RecordedEvent> events = stream(StreamIds.of(WorkflowExecution.TYPE, id));
        assertThat(events).hasSize(1 + 3 * 2 + 2 + 1); // started, 3x(started, completed), 2x next-ready, completed
        assertThat(events).allSatisfy(e -> {
            assertThat(e.metadata().correlationId()).isEqualTo("corr-1");
            assertThat(e.metadata().causationId()).isEqualTo("http-req-9");
            assertThat(e.metadata().actor()).isEqualTo("alice");
        });
    }

    @Test
    void rejectionsWriteNothingAndInvalidIdsAreRejectionsToo() {
        CommandHandler handler = handler(SnapshotPolicy.DEFAULT);
        String id = newId("ex");
        var outcome = handler.handle(WorkflowExecution.TYPE, new ResumeExecution(id, T0), CommandContext.by("bob"));
        assertThat(outcome).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.rejection()).isInstanceOf(Rejection.NotFound.class));
        assertThat(store.streamVersion(StreamIds.of(WorkflowExecution.TYPE, id))).isZero();

        var bad = handler.handle(WorkflowExecution.TYPE, start("bad id!", PHASES), CommandContext.by("bob"));
        assertThat(bad).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(((Rejection.InvalidInput) r.rejection()).field()).isEqualTo("executionId"));
    }

    @Test
    void aResentCommandReturnsItsFirstOutcomeAndWritesNothing() {
        CommandHandler handler = handler(SnapshotPolicy.DEFAULT);
        String id = newId("ex");
        String streamId = StreamIds.of(WorkflowExecution.TYPE, id);
        accepted(handler.handle(WorkflowExecution.TYPE, start(id, PHASES), CommandContext.by("u")));
        var pause = new PauseExecution(id, "coffee", T0);
        var context = CommandContext.by("u").withIdempotencyKey("pause-click-1");

        var first = accepted(handler.handle(WorkflowExecution.TYPE, pause, context));
        var again = accepted(handler.handle(WorkflowExecution.TYPE, pause, context));
        assertThat(again.repeated()).isTrue();
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(again.position()).isEqualTo(first.position());
        assertThat(store.streamVersion(streamId)).isEqualTo(2);

        // the aggregate moved on (now PAUSED): deciding again would refuse, yet the first outcome is returned
        accepted(handler.handle(WorkflowExecution.TYPE, new ReachYieldPoint(id, YieldPoint.AFTER_LLM_CALL, T0), CommandContext.by("runner")));
        var late = accepted(handler.handle(WorkflowExecution.TYPE, pause, context));
        assertThat(late.position()).isEqualTo(first.position());
        assertThat(store.streamVersion(streamId)).isEqualTo(3);

        // without the key the same command is a new one, and the paused execution refuses it
        assertThat(handler.handle(WorkflowExecution.TYPE, pause, CommandContext.by("u"))).isInstanceOf(Rejected.class);
    }

    @Test
    void aResentCommandIsRecognisedEvenBehindASnapshot() {
        CommandHandler handler = handler(new SnapshotPolicy(4, 1));
        String id = newId("ex");
        List<PlannedPhase> many = IntStream.rangeClosed(1, 12).mapToObj(i -> new PlannedPhase("p" + i, "P" + i, i)).toList();
        accepted(handler.handle(WorkflowExecution.TYPE, start(id, many), CommandContext.by("u")));
        var startP1 = new ExecutionCommand.StartPhase(id, "p1", T0);
        var context = CommandContext.by("runner").withIdempotencyKey("start-p1");
        var first = accepted(handler.handle(WorkflowExecution.TYPE, startP1, context));
        for (int i = 1; i <= 10; i++) {
            if (i > 1) {
                accepted(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, "p" + i, T0), CommandContext.by("runner")));
            }
            accepted(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.CompletePhase(id, "p" + i, T0), CommandContext.by("runner")));
        }
        LoadedAggregate<WorkflowExecution, ExecutionEvent> loaded = handler.load(WorkflowExecution.TYPE, id);
        assertThat(loaded.baseVersion()).as("a snapshot was taken").isGreaterThan(first.streamVersion());
        long version = loaded.version();

        var again = accepted(handler.handle(WorkflowExecution.TYPE, startP1, context));
        assertThat(again.repeated()).isTrue();
        assertThat(again.position()).isEqualTo(first.position());
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(store.streamVersion(StreamIds.of(WorkflowExecution.TYPE, id))).isEqualTo(version);
    }

    @Test
    void snapshotsKeepLoadsShortAndAgreeWithAFullReplay() {
        CommandHandler handler = handler(new SnapshotPolicy(10, 3));
        String id = newId("ex");
        List<PlannedPhase> many = IntStream.rangeClosed(1, 40).mapToObj(i -> new PlannedPhase("p" + i, "P" + i, i)).toList();
        accepted(handler.handle(WorkflowExecution.TYPE, start(id, many), CommandContext.by("u")));
        for (PlannedPhase phase : many) {
            accepted(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, phase.phaseId(), T0), CommandContext.by("r")));
            accepted(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.CompletePhase(id, phase.phaseId(), T0), CommandContext.by("r")));
        }
        var loaded = handler.load(WorkflowExecution.TYPE, id);
        assertThat(loaded.version()).isEqualTo(1 + 40 * 2 + 39);
        assertThat(loaded.baseVersion()).isGreaterThan(0);
        assertThat(loaded.applied().size()).isBetween(3, 10 + 3 + 2);
        assertThat(loaded.state()).isEqualTo(replay(id));
        assertThat(loaded.state().completedPhases()).hasSize(40);
    }

    @Test
    void fiftyThreadsPausingResumingAndCancellingEndInASeriallyReachableState() throws Exception {
        CommandHandler handler = handler(SnapshotPolicy.DEFAULT);
        String id = newId("ex");
        accepted(handler.handle(WorkflowExecution.TYPE, start(id, PHASES), CommandContext.by("setup")));
        accepted(handler.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, "a", T0), CommandContext.by("setup")));
        WorkflowExecution initial = handler.load(WorkflowExecution.TYPE, id).state();
        long setupVersion = 2;

        record Sent(ExecutionCommand command, String key, CommandOutcome<ExecutionEvent> outcome) {
        }
        int threads = 50;
        int perThread = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Sent>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Random random = new Random(thread);
                List<Sent> sent = new ArrayList<>();
                go.await();
                for (int i = 0; i < perThread; i++) {
                    Instant at = T0.plusSeconds(thread * 10L + i);
                    int dice = random.nextInt(100);
                    ExecutionCommand command = dice < 35 ? new PauseExecution(id, "t" + thread, at)
                            : dice < 65 ? new ReachYieldPoint(id, YieldPoint.AFTER_TOOL_EXECUTION, at)
                            : dice < 97 ? new ResumeExecution(id, at)
                            : new CancelExecution(id, "t" + thread, at);
                    String key = "t" + thread + "-" + i;
                    sent.add(new Sent(command, key, handler.handle(WorkflowExecution.TYPE, command,
                            CommandContext.by("user-" + thread).withIdempotencyKey(key))));
                }
                return sent;
            }));
        }
        go.countDown();
        List<Sent> all = new ArrayList<>();
        for (Future<List<Sent>> future : futures) {
            all.addAll(future.get());
        }
        pool.shutdown();

        // Every event after the setup belongs to exactly one accepted command, as one consecutive run.
        List<RecordedEvent> recorded = stream(StreamIds.of(WorkflowExecution.TYPE, id));
        List<Sent> writers = all.stream().filter(s -> s.outcome() instanceof Accepted<ExecutionEvent> a && !a.events().isEmpty())
                .sorted((x, y) -> Long.compare(((Accepted<ExecutionEvent>) x.outcome()).streamVersion(),
                        ((Accepted<ExecutionEvent>) y.outcome()).streamVersion()))
                .toList();
        assertThat(recorded.stream().skip(setupVersion).map(e -> e.metadata().causationId()).toList())
                .containsExactlyElementsOf(writers.stream().flatMap(s ->
                        Collections.nCopies(((Accepted<ExecutionEvent>) s.outcome()).events().size(), s.key()).stream()).toList());

        // Replaying the accepted commands serially, in the order they were stored, decides the same events...
        List<WorkflowExecution> statesOnTheWay = new ArrayList<>(List.of(initial));
        WorkflowExecution state = initial;
        for (Sent writer : writers) {
            Result<List<ExecutionEvent>, Rejection> serial = state.decide(writer.command());
            assertThat(serial).isEqualTo(Result.ok(((Accepted<ExecutionEvent>) writer.outcome()).events()));
            state = state.evolveAll(((Result.Ok<List<ExecutionEvent>, Rejection>) serial).value());
            statesOnTheWay.add(state);
        }
        // ...and every refused (or no-op) command gets exactly its answer in some state along that order.
        for (Sent sent : all) {
            switch (sent.outcome()) {
                case Rejected<ExecutionEvent> rejected -> assertThat(statesOnTheWay)
                        .as("a state in which %s is refused with %s", sent.command(), rejected.rejection())
                        .anyMatch(s -> s.decide(sent.command()).equals(Result.err(rejected.rejection())));
                case Accepted<ExecutionEvent> accepted when accepted.events().isEmpty() -> assertThat(statesOnTheWay)
                        .anyMatch(s -> s.decide(sent.command()).equals(Result.ok(List.of())));
                case Accepted<ExecutionEvent> accepted -> assertThat(accepted.repeated()).isFalse();
                case Contended<ExecutionEvent> contended -> assertThat(contended.attempts()).isEqualTo(RetryPolicy.DEFAULT.maxAttempts());
            }
        }
        assertThat(writers).as("some commands took effect").hasSizeGreaterThan(1);
        assertThat(all).as("some commands were refused").anyMatch(s -> s.outcome() instanceof Rejected<?>);
        assertThat(handler.load(WorkflowExecution.TYPE, id).state()).isEqualTo(state).isEqualTo(replay(id));
    }

    @Test
    void onlyOneOfManyConcurrentRegistrationsOfTheSameRepoWins() throws Exception {
        CommandHandler handler = handler(SnapshotPolicy.DEFAULT);
        String org = newId("org");
        int threads = 20;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<CommandOutcome<?>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String spelling = t % 2 == 0 ? "Acme/API" : "acme/api";
            futures.add(pool.submit(() -> {
                go.await();
                return handler.handle(Repo.TYPE, new RegisterRepo(org, RepoProvider.GITHUB, spelling, "main", null,
                        true, T0), CommandContext.by("admin"));
            }));
        }
        go.countDown();
        List<CommandOutcome<?>> outcomes = new ArrayList<>();
        for (var future : futures) {
            outcomes.add(future.get());
        }
        pool.shutdown();
        assertThat(outcomes).filteredOn(o -> o instanceof Accepted<?>).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof Rejected<?> r && r.rejection() instanceof Rejection.AlreadyExists)
                .hasSize(threads - 1);
        assertThat(store.streamVersion(StreamIds.of(Repo.TYPE, Repo.idFor(org, "acme/api")))).isEqualTo(1);

        var elsewhere = handler.handle(Repo.TYPE, new RegisterRepo(newId("org"), RepoProvider.GITHUB, "acme/api", "main",
                null, false, T0), CommandContext.by("admin"));
        assertThat(elsewhere).as("the same name in another organization").isInstanceOf(Accepted.class);
    }

    private WorkflowExecution replay(String id) {
        WorkflowExecution state = WorkflowExecution.TYPE.initial();
        for (RecordedEvent event : stream(StreamIds.of(WorkflowExecution.TYPE, id))) {
            state = state.evolve((ExecutionEvent) codec.decode(event));
        }
        return state;
    }

    /**
     * Each node caches aggregates after its own appends. When another node has moved an aggregate on, the cached
     * state must never decide alone: an accepted command conflicts and is decided again, a refusal is only given
     * after catching up, and a re-sent keyed command is recognised even though this node never saw it.
     */
    @Test
    void aNodeWhoseCachedAggregateIsStaleStillDecidesOnTheTrueState() {
        CommandHandler nodeA = handler(SnapshotPolicy.DEFAULT);
        CommandHandler nodeB = handler(SnapshotPolicy.DEFAULT);
        String id = newId("ex");
        accepted(nodeA.handle(WorkflowExecution.TYPE, start(id, PHASES), CommandContext.by("u")));
        accepted(nodeA.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, "a", T0), CommandContext.by("u")));

        // node B completes phase a; node A's cache still shows it running
        accepted(nodeB.handle(WorkflowExecution.TYPE, new ExecutionCommand.CompletePhase(id, "a", T0), CommandContext.by("u")));
        // refused on A's stale state ("a is still running"), accepted on the true one
        var startB = accepted(nodeA.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, "b", T0), CommandContext.by("u")));
        assertThat(startB.events()).singleElement().isInstanceOf(ExecutionEvent.PhaseStarted.class);
        assertThat(startB.streamVersion()).isEqualTo(store.streamVersion(StreamIds.of(WorkflowExecution.TYPE, id)));

        // accepted on A's stale state, refused on the true one: B cancelled meanwhile
        accepted(nodeA.handle(WorkflowExecution.TYPE, new ExecutionCommand.CompletePhase(id, "b", T0), CommandContext.by("u")));
        accepted(nodeB.handle(WorkflowExecution.TYPE, new ExecutionCommand.CancelExecution(id, "stop", T0), CommandContext.by("u")));
        assertThat(nodeA.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(id, "c", T0), CommandContext.by("u")))
                .isInstanceOf(CommandOutcome.Rejected.class);

        // a keyed command first handled by B is recognised when re-sent to A
        String other = newId("ex");
        accepted(nodeA.handle(WorkflowExecution.TYPE, start(other, PHASES), CommandContext.by("u")));
        var keyed = CommandContext.by("u").withIdempotencyKey("start-a-once");
        var first = accepted(nodeB.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(other, "a", T0), keyed));
        var again = accepted(nodeA.handle(WorkflowExecution.TYPE, new ExecutionCommand.StartPhase(other, "a", T0), keyed));
        assertThat(again.repeated()).isTrue();
        assertThat(again.position()).isEqualTo(first.position());
        assertThat(stream(StreamIds.of(WorkflowExecution.TYPE, other))).hasSize(2);
    }
}
