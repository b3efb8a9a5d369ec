package io.syntropic137.eventstore.sqlite;

import io.syntropic137.eventstore.contract.AppenderLoop;

import java.nio.file.Path;

/** Child process for the kill -9 test. Args: databaseFile streamPrefix */
public final class SqliteAppenderProcess {
    public static void main(String[] args) throws Exception {
        try (var store = SqliteEventStore.open(SqliteEventStoreConfig.of(Path.of(args[0])))) {
            AppenderLoop.run(store, args[1], 8, System.out);
        }
    }
}
