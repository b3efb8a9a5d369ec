package io.syntropic137.observability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.claude.AgentContext;
import io.syntropic137.observability.claude.HookPayloadParser;
import io.syntropic137.observability.claude.StreamJsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What every telemetry backend must do; each backend runs it against its real database. */
public abstract class TelemetryStoreContract {
    protected TelemetryStore store;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected abstract TelemetryStore openStore();

    /** A child JVM that ingests through the buffer and prints "ack <uuid>" after each acknowledged event. */
    protected abstract ProcessBuilder ingestProcess(String session);

    protected static ProcessBuilder childJvm(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Set<UUID> idsOfSession(TelemetryStore source, String session) {
        Set<UUID> ids = new HashSet<>();
        RecentQuery query = new RecentQuery(Set.of(), null, null, session, null, null, null, RecentQuery.MAX_LIMIT);
        while (true) {
            RecentPage page = source.recent(query);
            page.events().forEach(e -> ids.add(e.id()));
            if (page.next().isEmpty()) {
                return ids;
            }
            query = query.withCursor(page.next().get());
        }
    }

    @Test
    void everyTypeRoundTripsFieldForField() {
        String session = unique("s");
        List<TelemetryEvent> events = TestEvents.everyType(now, unique("e"), session);
        assertThat(store.write(events)).isEqualTo(events.size());

        List<TelemetryEvent> read = new ArrayList<>(store.recent(new RecentQuery(Set.of(), null, null, session, null, null, null, 100)).events());
        assertThat(read).hasSize(events.size());
        java.util.Collections.reverse(read);
        for (int i = 0; i < events.size(); i++) {
            TelemetryEvent written = events.get(i);
            TelemetryEvent stored = read.get(i);
            assertThat(stored).usingRecursiveComparison().ignoringFields("dataJson").isEqualTo(written);
            assertThat(CanonicalJson.readObject(stored.dataJson())).isEqualTo(CanonicalJson.readObject(written.dataJson()));
        }
        assertThat(read.getLast().type()).isEqualTo("agent_thought_v2");
        assertThat(read.getLast().knownType()).isFalse();
        assertThat(read.stream().filter(TelemetryEvent::knownType)).hasSize(EventType.values().length);
    }

    @Test
    void aResentEventIsStoredOnce() {
        String session = unique("s");
        List<TelemetryEvent> events = TestEvents.everyType(now, unique("e"), session);
        store.write(events);
        long before = store.count();

        assertThat(store.write(events)).isZero();
        // a batch mixing re-sent and new events stores exactly the new ones
        ObjectNode data = TestEvents.data();
        data.put("note", "new");
        TelemetryEvent fresh = TestEvents.event(now.plusSeconds(5), "error", null, session, null, data);
        List<TelemetryEvent> mixed = new ArrayList<>(events.subList(0, 3));
        mixed.add(fresh);
        assertThat(store.write(mixed)).isEqualTo(1);
        assertThat(store.count()).isEqualTo(before + 1);
        assertThat(idsOfSession(store, session)).hasSize(events.size() + 1);
    }

    @Test
    void aLargeBatchMixingStoredNewAndRepeatedEventsStoresEachNewEventOnce() {
        // more rows than one multi-row statement holds, and not a multiple of it, so both statement shapes run
        String session = unique("s");
        List<TelemetryEvent> events = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            ObjectNode data = TestEvents.data();
            data.put("n", i);
            events.add(TestEvents.event(now.plusMillis(i), "error", null, session, null, data));
        }
        assertThat(store.write(events.subList(0, 120))).isEqualTo(120);

        List<TelemetryEvent> mixed = new ArrayList<>(events);
        mixed.add(events.get(200)); // repeated inside the batch
        mixed.add(events.get(5));
        assertThat(store.write(mixed)).isEqualTo(events.size() - 120);
        Set<UUID> expected = new HashSet<>();
        events.forEach(e -> expected.add(e.id()));
        assertThat(idsOfSession(store, session)).isEqualTo(expected);
        TelemetryEvent last = store.recent(new RecentQuery(Set.of(), null, null, session, null, null, null, 1)).events().getFirst();
        assertThat(last).usingRecursiveComparison().ignoringFields("dataJson").isEqualTo(events.getLast());
    }

    @Test
    void recentEventsPageNewestFirstWithFiltersAndACursor() {
        String session = unique("s");
        String execution = unique("e");
        List<TelemetryEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ObjectNode data = TestEvents.data();
            data.put("i", i);
            // two events per timestamp: the cursor must order by (time, id), not time alone; ids order as the
            // databases order them (unsigned bytes = their text form), not as java.util.UUID.compareTo does
            events.add(TestEvents.event(now.plusMillis(i / 2), i % 3 == 0 ? "api_retry" : "error", execution, session, null, data));
        }
        store.write(events);

        List<UUID> seen = new ArrayList<>();
        RecentQuery query = new RecentQuery(Set.of("error"), execution, null, null, null, null, null, 4);
        int pages = 0;
        while (true) {
            RecentPage page = store.recent(query);
            pages++;
            page.events().forEach(e -> {
                assertThat(e.type()).isEqualTo("error");
                seen.add(e.id());
            });
            if (page.next().isEmpty()) {
                break;
            }
            Cursor cursor = Cursor.decode(page.next().get().encode()).orElseThrow();
            query = query.withCursor(cursor);
        }
        List<UUID> expected = events.stream().filter(e -> e.type().equals("error"))
                .sorted(java.util.Comparator.comparing(TelemetryEvent::time).thenComparing(e -> e.id().toString()).reversed())
                .map(TelemetryEvent::id).toList();
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo((expected.size() + 3) / 4);
        RecentPage windowed = store.recent(new RecentQuery(Set.of(), null, null, session, now.plusMillis(3), now.plusMillis(5), null, 100));
        assertThat(windowed.events()).hasSize(4).allSatisfy(e -> assertThat(e.time()).isBetween(now.plusMillis(3), now.plusMillis(4)));
    }

    @Test
    void theToolTimelineJoinsStreamAndHookEventsOnToolUseId() throws Exception {
        // the hook sample and the bash-hooks stream sample are the same real run (same session and tool ids)
        AgentContext context = new AgentContext(unique("e"), "phase-1", "acme/widgets");
        StreamJsonParser stream = new StreamJsonParser(context);
        List<TelemetryEvent> events = new ArrayList<>();
        Instant received = now;
        for (String line : Samples.lines("claude-stream-sample-bash-hooks.jsonl")) {
            events.addAll(stream.accept(line, received = received.plusMillis(1)));
        }
        events.addAll(stream.finish());
        HookPayloadParser hooks = new HookPayloadParser();
        for (String line : Samples.lines("claude-hook-sample.jsonl")) {
            events.addAll(hooks.parse(CanonicalJson.MAPPER.readTree(line), context, received = received.plusMillis(1)));
        }
        // the run used a fixed session id; keep this test independent of other runs of it
        store.write(events);

        List<ToolCall> timeline = new TelemetryQueries(store, PriceTable.defaults()).toolTimeline(stream.sessionId());
        assertThat(timeline).extracting(ToolCall::toolUseId)
                .containsExactly("toolu_fake_5dbdf82cb6534a8db9aa", "toolu_fake_fb12aacfd0dd4fd6a397");
        assertThat(timeline).extracting(ToolCall::toolName).containsExactly("Write", "Bash");
        assertThat(timeline).allSatisfy(call -> {
            assertThat(call.status()).isEqualTo(ToolCall.Status.COMPLETED);
            assertThat(call.events()).isGreaterThanOrEqualTo(4); // started + completed, from the stream and from hooks
        });
        assertThat(timeline.get(1).durationMs()).isEqualTo(30L); // PostToolUse's own duration_ms wins
    }

    @Test
    void costsComeFromTheCliWhenItReportedThemAndFromThePriceTableOtherwise() {
        String execution = unique("e");
        String reported = unique("s");
        String streamedOnly = unique("s");
        String unpriced = unique("s");
        List<TelemetryEvent> events = new ArrayList<>();
        // session 1: streamed usage (twice the same message: counted once) plus an authoritative summary
        events.add(TestEvents.event(now, "token_usage", execution, reported, null, TestEvents.usage("m1", "claude-opus-5-5", 4, 1, 12317, 0)));
        ObjectNode again = TestEvents.usage("m1", "claude-opus-5-5", 4, 50, 12317, 0);
        events.add(TestEvents.event(now.plusMillis(1), "token_usage", execution, reported, null, again));
        ObjectNode summary = TestEvents.data();
        summary.put("total_cost_usd", 0.0714614);
        ObjectNode model = summary.putObject("models").putObject("claude-opus-5-5");
        model.put("input_tokens", 8).put("output_tokens", 70).put("cache_creation_input_tokens", 13558)
                .put("cache_read_input_tokens", 11197).put("cost_usd", 0.0714614);
        events.add(TestEvents.event(now.plusMillis(2), "session_summary", execution, reported, null, summary));
        // session 2: streamed only, two messages; a sonnet message that also called two tools
        events.add(TestEvents.event(now.plusMillis(3), "token_usage", execution, streamedOnly, null, TestEvents.usage("m2", "claude-opus-5-5", 1_000_000, 0, 0, 0)));
        ObjectNode withTools = TestEvents.usage("m3", "claude-sonnet-4-5-20250929", 0, 1_000_000, 0, 0);
        withTools.putArray("tools").add("Write").add("Bash");
        events.add(TestEvents.event(now.plusMillis(4), "token_usage", execution, streamedOnly, null, withTools));
        // session 3: a model without a price
        events.add(TestEvents.event(now.plusMillis(5), "token_usage", execution, unpriced, null, TestEvents.usage("m4", "gpt-9", 5, 5, 0, 0)));
        store.write(events);
        TelemetryQueries queries = new TelemetryQueries(store, PriceTable.defaults());

        Map<String, CostRow> bySession = queries.costs(UsageScope.execution(execution), Dimension.SESSION).stream()
                .collect(Collectors.toMap(CostRow::key, r -> r));
        CostRow first = bySession.get(reported);
        assertThat(first.tokens()).isEqualTo(new TokenCounts(8, 70, 13558, 11197));
        assertThat(first.costUsd()).isEqualByComparingTo("0.0714614");
        assertThat(first.reportedCostUsd()).isEqualByComparingTo("0.0714614");
        assertThat(first.auditDifferenceUsd()).isEqualByComparingTo("0"); // our opus-5-5 prices match the CLI's
        CostRow second = bySession.get(streamedOnly);
        assertThat(second.costUsd()).isEqualByComparingTo("19"); // 1M input × $4 + 1M output × $15
        assertThat(second.reportedCostUsd()).isNull();
        CostRow third = bySession.get(unpriced);
        assertThat(third.costUsd()).isNull();
        assertThat(third.unpricedModels()).containsExactly("gpt-9");

        CostRow whole = queries.costs(UsageScope.execution(execution), Dimension.EXECUTION).getFirst();
        assertThat(whole.sessions()).isEqualTo(3);
        assertThat(whole.costUsd()).isNull(); // one part is unknown: never a guess
        assertThat(whole.tokens().total()).isEqualTo(8 + 70 + 13558 + 11197 + 2_000_000 + 10);

        Map<String, CostRow> byModel = queries.costs(UsageScope.execution(execution), Dimension.MODEL).stream()
                .collect(Collectors.toMap(CostRow::key, r -> r));
        assertThat(byModel.keySet()).containsExactlyInAnyOrder("claude-opus-5-5", "claude-sonnet-4-5-20250929", "gpt-9");
        assertThat(byModel.get("claude-opus-5-5").costUsd()).isEqualByComparingTo("4.0714614");

        Map<String, CostRow> byTool = queries.costs(UsageScope.session(streamedOnly), Dimension.TOOL).stream()
                .collect(Collectors.toMap(CostRow::key, r -> r));
        assertThat(byTool.get("Write").tokens().output()).isEqualTo(500_000);
        assertThat(byTool.get("Bash").costUsd()).isEqualByComparingTo("7.5");
        assertThat(byTool.get(CostCalculator.NO_TOOL).costUsd()).isEqualByComparingTo("4");

        String day = now.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        List<CostRow> byDay = queries.costs(UsageScope.session(streamedOnly), Dimension.DAY);
        assertThat(byDay).extracting(CostRow::key).containsExactly(day);
    }

    @Test
    void costPerRepoReadsTheRepoTheRuntimeAttached() throws Exception {
        String execution = unique("e");
        AgentContext context = new AgentContext(execution, "phase-1", "acme/" + execution);
        StreamJsonParser stream = new StreamJsonParser(context);
        List<TelemetryEvent> events = new ArrayList<>();
        for (String line : Samples.lines("claude-stream-sample.jsonl")) {
            events.addAll(stream.accept(line, now));
        }
        events.addAll(stream.finish());
        // the sample's fixed session id is shared with other tests: scope by execution, which is ours alone
        store.write(events);
        List<CostRow> byRepo = new TelemetryQueries(store, PriceTable.defaults()).costs(UsageScope.execution(execution), Dimension.REPO);
        assertThat(byRepo).hasSize(1);
        assertThat(byRepo.getFirst().key()).isEqualTo("acme/" + execution);
        assertThat(byRepo.getFirst().costUsd()).isEqualByComparingTo("0.0714614"); // the CLI's 0.07146140000000001 without float noise
        assertThat(byRepo.getFirst().auditDifferenceUsd()).isEqualByComparingTo("0");
    }

    @Test
    void theBufferAcknowledgesOnlyStoredEventsAndAnswersFullWithoutLosingAny() throws Exception {
        String session = unique("s");
        BufferSettings tight = new BufferSettings(200, 50, Duration.ofMillis(2), Duration.ofMillis(200), Duration.ofSeconds(20));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger full = new AtomicInteger();
        List<CompletableFuture<Void>> acks = java.util.Collections.synchronizedList(new ArrayList<>());
        List<UUID> acceptedIds = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TelemetryBuffer buffer = new TelemetryBuffer(store, tight)) {
            ExecutorService producers = Executors.newFixedThreadPool(4);
            for (int p = 0; p < 4; p++) {
                int producer = p;
                producers.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        List<TelemetryEvent> batch = new ArrayList<>();
                        for (int j = 0; j < 10; j++) {
                            ObjectNode data = TestEvents.data();
                            data.put("producer", producer).put("i", i).put("j", j);
                            batch.add(TestEvents.event(now, "error", null, session, null, data));
                        }
                        switch (buffer.offer(batch)) {
                            case Offer.Accepted a -> {
                                accepted.addAndGet(batch.size());
                                batch.forEach(e -> acceptedIds.add(e.id()));
                                acks.add(a.stored());
                            }
                            case Offer.Full f -> full.incrementAndGet();
                            case Offer.Closed c -> throw new IllegalStateException("closed too early");
                        }
                    }
                    return null;
                });
            }
            producers.shutdown();
            assertThat(producers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            // what health and metrics report as refused: every refused offer, and nothing else
            assertThat(buffer.health().refusedFull()).isEqualTo(full.get());
        }
        assertThat(full.get()).as("producers outran the store, so some offers were refused").isPositive();
        assertThat(accepted.get()).isPositive();
        Set<UUID> stored = idsOfSession(store, session);
        assertThat(stored).hasSize(accepted.get()).containsAll(acceptedIds);
    }

    @Test
    void inProcessProducersWaitInsteadOfBeingRefused() throws Exception {
        String session = unique("s");
        // two flushers, as the server runs on PostgreSQL: they must share the queue without losing or doubling
        BufferSettings tight = new BufferSettings(100, 20, Duration.ofMillis(1), Duration.ofMillis(200), Duration.ofSeconds(20), 2);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (TelemetryBuffer buffer = new TelemetryBuffer(store, tight)) {
            for (int i = 0; i < 100; i++) {
                List<TelemetryEvent> batch = new ArrayList<>();
                for (int j = 0; j < 20; j++) {
                    ObjectNode data = TestEvents.data();
                    data.put("i", i).put("j", j);
                    batch.add(TestEvents.event(now, "error", null, session, null, data));
                }
                acks.add(buffer.submit(batch));
                assertThat(buffer.held()).isLessThanOrEqualTo(100);
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertThat(idsOfSession(store, session)).hasSize(2000);
    }

    @Test
    void aWriteThatFailsAfterCommittingIsRetriedWithoutDuplicates() throws Exception {
        String session = unique("s");
        AtomicInteger failuresLeft = new AtomicInteger(2);
        // the real store, with the acknowledgement of its first two commits lost: the buffer must retry them
        TelemetryStore losingAcks = new ForwardingStore(store) {
            @Override
            public int write(List<TelemetryEvent> batch) {
                int written = super.write(batch);
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new TelemetryStoreException("connection reset after commit");
                }
                return written;
            }
        };
        List<TelemetryEvent> events = TestEvents.everyType(now, unique("e"), session);
        try (TelemetryBuffer buffer = new TelemetryBuffer(losingAcks, BufferSettings.defaults())) {
            buffer.submit(events).get(30, TimeUnit.SECONDS);
            assertThat(buffer.failedAttempts()).isEqualTo(2);
        }
        assertThat(idsOfSession(store, session)).hasSize(events.size());
    }

    @Test
    void closingTheBufferStoresEverythingItAccepted() throws Exception {
        String session = unique("s");
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        int accepted = 0;
        TelemetryBuffer buffer = new TelemetryBuffer(store, new BufferSettings(50_000, 500, Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofSeconds(20)));
        for (int i = 0; i < 40; i++) {
            List<TelemetryEvent> batch = new ArrayList<>();
            for (int j = 0; j < 100; j++) {
                ObjectNode data = TestEvents.data();
                data.put("i", i).put("j", j);
                batch.add(TestEvents.event(now, "error", null, session, null, data));
            }
            if (buffer.offer(batch) instanceof Offer.Accepted a) {
                acks.add(a.stored());
                accepted += batch.size();
            }
        }
        buffer.close();
        assertThat(acks).allSatisfy(ack -> assertThat(ack).isCompleted());
        assertThat(buffer.offer(List.of())).isInstanceOf(Offer.Closed.class);
        assertThat(idsOfSession(store, session)).hasSize(accepted);
    }

    @Test
    void everyEventAcknowledgedBeforeAKillDashNineIsStored() throws Exception {
        String session = unique("crash");
        Process child = ingestProcess(session).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<UUID> acknowledged = new ArrayList<>();
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 2_000 && (line = lines.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged.add(UUID.fromString(line.substring(4)));
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, batches in flight
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("the child acknowledged events before it was killed").hasSizeGreaterThanOrEqualTo(2_000);
        try (TelemetryStore reopened = openStore()) {
            assertThat(idsOfSession(reopened, session)).containsAll(acknowledged);
        }
    }

    /** Delegates everything to a real store; tests override one method to inject a fault. */
    public static class ForwardingStore implements TelemetryStore {
        private final TelemetryStore delegate;

        public ForwardingStore(TelemetryStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public int write(List<TelemetryEvent> batch) {
            return delegate.write(batch);
        }

        @Override
        public List<TelemetryEvent> toolEvents(String sessionId) {
            return delegate.toolEvents(sessionId);
        }

        @Override
        public List<UsageLine> usageLines(UsageScope scope, Dimension dimension) {
            return delegate.usageLines(scope, dimension);
        }

        @Override
        public RecentPage recent(RecentQuery query) {
            return delegate.recent(query);
        }

        @Override
        public long count() {
            return delegate.count();
        }

        @Override
        public RetentionResult dropOlderThan(Instant cutoff) {
            return delegate.dropOlderThan(cutoff);
        }

        @Override
        public String backend() {
            return delegate.backend();
        }

        @Override
        public void close() {
        }
    }
}
