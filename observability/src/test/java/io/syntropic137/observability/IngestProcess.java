package io.syntropic137.observability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.postgres.PostgresTelemetryConfig;
import io.syntropic137.observability.postgres.PostgresTelemetryStore;
import io.syntropic137.observability.sqlite.SqliteTelemetryStore;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Child process for the kill -9 test: producers submit through the buffer and print "ack id" once the future
 * says the event is stored. Args: {@code sqlite <file> <session>} or {@code postgres <jdbcUrl> <user> <password> <session>}.
 */
public final class IngestProcess {
    public static void main(String[] args) throws Exception {
        TelemetryStore store = args[0].equals("sqlite") ? SqliteTelemetryStore.open(Path.of(args[1]))
                : PostgresTelemetryStore.open(PostgresTelemetryConfig.of(args[1], args[2], args[3]));
        String session = args[args.length - 1];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        TelemetryBuffer buffer = new TelemetryBuffer(store, BufferSettings.defaults().withCapacity(10_000, 500).withFlushers(2));
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int producer = p;
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    List<TelemetryEvent> batch = new ArrayList<>();
                    for (int j = 0; j < 20; j++) {
                        ObjectNode data = TestEvents.data();
                        data.put("producer", producer).put("i", i).put("j", j);
                        batch.add(TestEvents.event(Instant.now(), "tool_execution_completed", null, session, "t" + i, data));
                    }
                    try {
                        CompletableFuture<Void> stored = buffer.submit(batch);
                        stored.join();
                    } catch (InterruptedException e) {
                        return;
                    }
                    synchronized (out) {
                        batch.forEach(e -> out.println("ack " + e.id()));
                    }
                }
            }));
        }
        for (Thread producer : producers) {
            producer.join();
        }
    }
}
