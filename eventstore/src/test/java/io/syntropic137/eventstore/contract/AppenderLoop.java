package io.syntropic137.eventstore.contract;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;

import java.io.PrintStream;
import java.util.List;
import java.util.UUID;

/**
 * The body of a child process that appends until it is killed, printing {@code ack <event id>} after each
 * append returned. Every id it printed must survive the kill.
 */
public final class AppenderLoop {
    public static void run(EventStore store, String streamPrefix, int writers, PrintStream out) throws InterruptedException {
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            String stream = streamPrefix + "-" + w;
            threads[w] = Thread.ofVirtual().start(() -> {
                for (long version = 0; ; version++) {
                    UUID id = UUID.randomUUID();
                    store.append(stream, ExpectedVersion.exactly(version),
                            List.of(new NewEvent(id, "Acked", 1, "{\"v\":" + version + "}", null))).orThrow();
                    synchronized (out) {
                        out.println("ack " + id);
                        out.flush();
                    }
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private AppenderLoop() {
    }
}
