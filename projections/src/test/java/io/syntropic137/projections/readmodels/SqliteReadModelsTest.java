package io.syntropic137.projections.readmodels;

import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import io.syntropic137.projections.sqlite.SqliteReadModelDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

class SqliteReadModelsTest extends ReadModelsContract {
    private Path directory;

    @Override
    protected void openStorage() {
        try {
            directory = Files.createTempDirectory("syn-readmodels");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = SqliteEventStore.open(SqliteEventStoreConfig.of(directory.resolve("events.db")));
        database = new SqliteReadModelDatabase(directory.resolve("readmodels.db"));
    }

    @Override
    protected void dropStorage() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
