package io.syntropic137.bench.eventstore;

import io.syntropic137.eventstore.Causation;
import io.syntropic137.eventstore.NewEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events shaped like what an agent session records most: one completed tool call, about 400 bytes of JSON.
 * Payloads are prepared up front so the timed loops measure storage, not string building.
 */
public final class ToolCallEvents {
    public static final String TYPE = "ToolCallCompleted";
    private static final String[] TOOLS = {"Bash", "Read", "Edit", "Grep", "Write", "Glob", "WebFetch"};
    private static final String[] SUMMARIES = {
            "mvn -q -B test -pl eventstore -Dtest=EventStoreContractTest#appendIsAtomic",
            "src/main/java/io/syntropic137/domain/workflow/WorkflowExecution.java lines 1-240",
            "replace 'readAll(afterPosition, limit)' with paged catch-up in CatchUpSubscription",
            "pattern 'ExpectedVersion\\.exactly' in **/*.java (23 matches in 9 files)",
            "docs/architecture.md: add the two event pipelines and the command-to-projection flow",
            "git diff --stat HEAD~1 -- eventstore-postgres eventstore-sqlite bench",
    };
    private static final int VARIANTS = 512;

    private final List<String> payloads;
    private final AtomicInteger next = new AtomicInteger();

    public ToolCallEvents() {
        Random random = new Random(137);
        List<String> built = new ArrayList<>(VARIANTS);
        for (int i = 0; i < VARIANTS; i++) {
            built.add(payload(random, i));
        }
        this.payloads = List.copyOf(built);
    }

    private static String payload(Random random, int i) {
        String tool = TOOLS[random.nextInt(TOOLS.length)];
        String summary = SUMMARIES[random.nextInt(SUMMARIES.length)];
        return "{\"tool\":\"" + tool + "\""
                + ",\"tool_use_id\":\"toolu_01" + hex(random, 22) + "\""
                + ",\"session_id\":\"sess-" + hex(random, 12) + "\""
                + ",\"phase\":\"implement\""
                + ",\"input_summary\":\"" + summary.replace("\\", "\\\\") + "\""
                + ",\"exit_code\":" + (random.nextInt(10) == 0 ? 1 : 0)
                + ",\"duration_ms\":" + (20 + random.nextInt(9_000))
                + ",\"tokens\":{\"input\":" + (500 + random.nextInt(4_000)) + ",\"output\":" + (20 + random.nextInt(900))
                + ",\"cache_read\":" + random.nextInt(60_000) + "}"
                + ",\"output_bytes\":" + random.nextInt(50_000)
                + ",\"truncated\":" + (i % 17 == 0)
                + ",\"started_at\":\"2026-11-24T17:" + two(random.nextInt(60)) + ":" + two(random.nextInt(60)) + "."
                + random.nextInt(100, 1_000) + "Z\"}";
    }

    private static String hex(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    public NewEvent next() {
        String data = payloads.get(Math.floorMod(next.getAndIncrement(), VARIANTS));
        return new NewEvent(randomId(), TYPE, 1, data, new Causation(randomId().toString(), randomId().toString(), "agent:claude"));
    }

    public List<NewEvent> next(int count) {
        List<NewEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(next());
        }
        return events;
    }

    public int averagePayloadBytes() {
        return (int) payloads.stream().mapToInt(p -> p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).average().orElse(0);
    }

    /** A version-4 UUID without SecureRandom, whose shared lock would be a bottleneck of its own at 64 threads. */
    static UUID randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
