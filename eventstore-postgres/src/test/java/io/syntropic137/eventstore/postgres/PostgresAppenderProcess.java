package io.syntropic137.eventstore.postgres;

import io.syntropic137.eventstore.contract.AppenderLoop;

/** Child process for the kill -9 test. Args: jdbcUrl user password streamPrefix */
public final class PostgresAppenderProcess {
    public static void main(String[] args) throws Exception {
        try (var store = PostgresEventStore.open(PostgresEventStoreConfig.of(args[0], args[1], args[2]).withPoolSize(3))) {
            AppenderLoop.run(store, args[3], 8, System.out);
        }
    }
}
