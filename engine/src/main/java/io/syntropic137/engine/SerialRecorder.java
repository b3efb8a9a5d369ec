package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.Workspace;
import io.syntropic137.domain.orchestration.WorkspaceCommand;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Records bookkeeping facts (a session's start, operations and end; a workspace's steps) off the phase's critical
 * path, in the order they were submitted, on one virtual thread. What has piled up while the previous append was
 * being written goes out together: consecutive facts for one aggregate become one append. {@link #close} waits
 * until every submitted fact is recorded, so a phase attempt never ends before its facts are stored.
 */
final class SerialRecorder implements AutoCloseable {
    private static final int MAX_BATCH = 64;

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
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean end = batch.getLast() instanceof End;
            record(end ? batch.subList(0, batch.size() - 1) : batch);
            if (end) {
                return;
            }
        }
    }

    /** Records runs of consecutive facts about one aggregate as one append each, in order. */
    private void record(List<Item> items) {
        int i = 0;
        while (i < items.size()) {
            Item first = items.get(i);
            int j = i + 1;
            while (j < items.size() && sameAggregate(first, items.get(j))) {
                j++;
            }
            List<Item> run = items.subList(i, j);
            switch (first) {
                case SessionFact f -> {
                    List<SessionCommand> run2 = run.stream().map(x -> ((SessionFact) x).command()).toList();
                    commands.recordAll(AgentSession.TYPE, run2, "session " + f.command().sessionId());
                }
                case WorkspaceFact f -> {
                    List<WorkspaceCommand> run2 = run.stream().map(x -> ((WorkspaceFact) x).command()).toList();
                    commands.recordAll(Workspace.TYPE, run2, "workspace " + f.command().workspaceId());
                }
                case End e -> throw new IllegalStateException("the end marker is handled by drain");
            }
            i = j;
        }
    }

    private static boolean sameAggregate(Item a, Item b) {
        return switch (a) {
            case SessionFact x -> b instanceof SessionFact y && x.command().sessionId().equals(y.command().sessionId());
            case WorkspaceFact x -> b instanceof WorkspaceFact y && x.command().workspaceId().equals(y.command().workspaceId());
            case End e -> false;
        };
    }

    /** Waits for everything submitted so far to be recorded. */
    @Override
    public void close() throws InterruptedException {
        queue.add(new End());
        thread.join();
    }
}
