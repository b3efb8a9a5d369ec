package io.syntropic137.eventstore.sqlite;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.contract.EventStoreContract;
import io.syntropic137.eventstore.support.Upcasters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The shared contract, unchanged, against a fresh SQLite file. */
class SqliteEventStoreContractTest extends EventStoreContract {
    private Path directory;

    @Override
    protected EventStore openStore(Upcasters upcasters) {
        try {
            directory = Files.createTempDirectory("syn-es-contract");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SqliteEventStore.open(SqliteEventStoreConfig.of(directory.resolve("events.db")).withUpcasters(upcasters));
    }

    @Override
    protected EventStore openSecondStore() {
        return SqliteEventStore.open(SqliteEventStoreConfig.of(directory.resolve("events.db")));
    }

    @Override
    protected ProcessBuilder appenderProcess(String streamPrefix) {
        return childJvm(SqliteAppenderProcess.class, directory.resolve("events.db").toString(), streamPrefix);
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
