package io.syntropic137.server.stream;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared tail on a real store: fan-out by execution, and what happens to a client that stops reading. */
class ExecutionTailTest {
    @TempDir
    Path dir;
    private EventStore store;
    private CommandHandler commands;
    private ExecutionTail tail;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(SqliteEventStoreConfig.of(dir.resolve("events.db")));
        commands = CommandHandler.withDefaults(store);
        tail = new ExecutionTail(store, EventCodec.standard()).start();
    }

    @AfterEach
    void close() {
        tail.close();
        store.close();
    }

    private void session(String executionId, String sessionId, int tools) {
        Instant now = Instant.now();
        accept(new SessionCommand.StartSession(sessionId, executionId, "p", "claude", "sonnet", now));
        for (int i = 0; i < tools; i++) {
            accept(new SessionCommand.RecordOperation(sessionId, "tool:Read", TokenUsage.NONE, BigDecimal.ZERO, now));
        }
    }

    private void accept(SessionCommand command) {
        assertThat(commands.handle(AgentSession.TYPE, command, CommandContext.by("test")))
                .isInstanceOf(CommandOutcome.Accepted.class);
    }

    private static List<Frame> take(ClientQueue queue, int n) throws InterruptedException {
        List<Frame> frames = new ArrayList<>();
        while (frames.size() < n) {
            Frame frame = queue.poll(Duration.ofSeconds(10));
            assertThat(frame).as("frame %d of %d", frames.size() + 1, n).isNotNull();
            frames.add(frame);
        }
        return frames;
    }

    @Test
    void aClientThatFallsBehindIsDroppedWithoutHoldingUpTheOthers() throws Exception {
        ClientQueue stalled = new ClientQueue(2);
        ClientQueue reading = new ClientQueue(100);
        ClientQueue elsewhere = new ClientQueue(100);
        ClientQueue activity = new ClientQueue(100);
        tail.register("e1", stalled);
        tail.register("e1", reading);
        tail.register("e2", elsewhere);
        tail.register(null, activity);

        session("e1", "e1.s", 5);

        List<Frame> frames = take(reading, 6);
        assertThat(frames).extracting(Frame::kind).containsExactly("session", "tool", "tool", "tool", "tool", "tool");
        assertThat(frames).extracting(Frame::position).isSorted();
        assertThat(take(activity, 6)).extracting(Frame::position).isEqualTo(frames.stream().map(Frame::position).toList());
        assertThat(stalled.overflowed()).isTrue();
        assertThat(stalled.poll(Duration.ofMillis(10))).as("an overflowed client gets nothing more").isNull();
        assertThat(elsewhere.poll(Duration.ofMillis(100))).as("another execution's client").isNull();
        assertThat(tail.clientCount()).as("the stalled client was dropped").isEqualTo(3);
    }

    @Test
    void sessionsThatStartedBeforeTheTailAreFoundInTheStore() throws Exception {
        session("e3", "e3.before", 0);
        tail.close();
        tail = new ExecutionTail(store, EventCodec.standard()).start();
        ClientQueue queue = new ClientQueue(10);
        tail.register("e3", queue);
        accept(new SessionCommand.RecordOperation("e3.before", "llm:opus", new TokenUsage(1, 2, 0, 0),
                new BigDecimal("0.5"), Instant.now()));
        Frame usage = take(queue, 1).getFirst();
        assertThat(usage.kind()).isEqualTo("usage");
        assertThat(usage.data()).contains("\"model\":\"opus\"").contains("\"phase_id\":\"p\"").contains("\"cost_usd\":0.5");
    }

    @Test
    void closingReleasesEveryWaitingClient() throws Exception {
        ClientQueue queue = new ClientQueue(10);
        tail.register("e4", queue);
        tail.close();
        assertThat(queue.poll(Duration.ofSeconds(5))).isNull();
        assertThat(queue.closed()).isTrue();
    }
}
