package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.Workspace;
import io.syntropic137.domain.orchestration.WorkspaceCommand;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records bookkeeping facts (a session's start, operations and end; a workspace's steps) off the phase's critical
 * path, on one virtual thread. Facts are gathered for a short while ({@link #LINGER}, cut short by {@link #close})
 * and then written as one append per aggregate, each aggregate's facts in the order they were submitted: a phase
 * whose agent is quick records its session in one append and its workspace in one or two, instead of one append per
 * burst of facts. Facts about different aggregates carry no order between them that anything reads (each aggregate
 * is its own stream), so they are not kept in submission order across aggregates. {@link #close} waits until every
 * submitted fact is recorded, so a phase attempt never ends before its facts are stored.
 */
final class SerialRecorder implements AutoCloseable {
    private static final int MAX_BATCH = 64;
    /**
     * How long facts wait for company. Short against a real agent's minutes (a session's start shows up this much
     * later), long enough that a phase whose agent is quick writes its bookkeeping in two appends instead of five.
     */
    static final Duration LINGER = Duration.ofMillis(200);

    private sealed interface Item {
    }

    private record SessionFact(SessionCommand command) implements Item {
    }

    private record WorkspaceFact(WorkspaceCommand command) implements Item {
    }

    private record End() implements Item {
    }

    private final EngineCommands commands;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    SerialRecorder(String name, EngineCommands commands) {
        this.commands = commands;
        thread = Thread.ofVirtual().name(name).start(this::drain);
    }

    void session(SessionCommand command) {
        queue.add(new SessionFact(command));
    }

    void workspace(WorkspaceCommand command) {
        queue.add(new WorkspaceFact(command));
    }

    private void drain() {
        List<Item> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            boolean end;
            try {
                end = gather(batch);
            } catch (InterruptedException e) {
                return;
            }
            record(batch, end);
            if (end) {
                return;
            }
        }
    }

    /** Fills {@code batch} with the facts of one linger (without the end marker); true when the end was reached. */
    private boolean gather(List<Item> batch) throws InterruptedException {
        Item first = queue.take();
        if (first instanceof End) {
            return true;
        }
        batch.add(first);
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < MAX_BATCH) {
            long left = deadline - System.nanoTime();
            Item next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                return false;
            }
            if (next instanceof End) {
                return true;
            }
            batch.add(next);
        }
        return false;
    }

    /**
     * One append per aggregate. At the end they go out together (each on its own virtual thread), so the attempt
     * waits for one commit of the store instead of one per aggregate.
     */
    private void record(List<Item> items, boolean end) {
        Map<String, List<Item>> byAggregate = new LinkedHashMap<>();
        for (Item item : items) {
            byAggregate.computeIfAbsent(aggregateOf(item), k -> new ArrayList<>()).add(item);
        }
        if (!end || byAggregate.size() < 2) {
            byAggregate.values().forEach(this::recordRun);
            return;
        }
        List<Thread> writers = byAggregate.values().stream()
                .map(run -> Thread.ofVirtual().name(thread.getName() + "-write").start(() -> recordRun(run)))
                .toList();
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void recordRun(List<Item> run) {
        switch (run.getFirst()) {
            case SessionFact f -> {
                List<SessionCommand> facts = run.stream().map(x -> ((SessionFact) x).command()).toList();
                commands.recordAll(AgentSession.TYPE, facts, "session " + f.command().sessionId());
            }
            case WorkspaceFact f -> {
                List<WorkspaceCommand> facts = run.stream().map(x -> ((WorkspaceFact) x).command()).toList();
                commands.recordAll(Workspace.TYPE, facts, "workspace " + f.command().workspaceId());
            }
            case End e -> throw new IllegalStateException("the end marker is handled by drain");
        }
    }

    private static String aggregateOf(Item item) {
        return switch (item) {
            case SessionFact f -> "session " + f.command().sessionId();
            case WorkspaceFact f -> "workspace " + f.command().workspaceId();
            case End e -> throw new IllegalStateException("the end marker is handled by drain");
        };
    }

    /** Waits for everything submitted so far to be recorded. */
    @Override
    public void close() throws InterruptedException {
        queue.add(new End());
        thread.join();
    }
}
