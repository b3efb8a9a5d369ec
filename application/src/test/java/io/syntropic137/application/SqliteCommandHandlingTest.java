package io.syntropic137.application;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

class SqliteCommandHandlingTest extends CommandHandlingContract {

    private Path directory;

    @Override
    protected EventStore openStore() throws Exception {
        directory = Files.createTempDirectory("app-commands-sqlite");
        return SqliteEventStore.open(SqliteEventStoreConfig.of(directory.resolve("events.db")));
    }

    @Override
    protected void closeStore() throws Exception {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
