package io.syntropic137.eventstore.postgres;

import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;

import java.util.List;

/**
 * A separate OS process that appends to the same database, for the multi-process ordering test.
 * Args: jdbcUrl user password streamPrefix writers appendsPerWriter
 */
public final class OrderingWriterProcess {
    public static void main(String[] args) throws Exception {
        var config = PostgresEventStoreConfig.of(args[0], args[1], args[2]).withPoolSize(4);
        String prefix = args[3];
        int writers = Integer.parseInt(args[4]);
        int appends = Integer.parseInt(args[5]);
        try (var store = PostgresEventStore.open(config)) {
            Thread[] threads = new Thread[writers];
            for (int w = 0; w < writers; w++) {
                String stream = prefix + "-" + w;
                threads[w] = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < appends; i++) {
                        store.append(stream, ExpectedVersion.exactly(i), List.of(NewEvent.of("FromChild", "{\"i\":" + i + "}")))
                                .orThrow();
                    }
                });
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        System.out.println("done");
    }
}
