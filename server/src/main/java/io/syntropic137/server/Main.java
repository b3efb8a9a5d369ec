package io.syntropic137.server;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStoreConfig;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every part of the server is created and wired here, explicitly, in dependency order.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ServerConfig.fromEnvironment(System.getenv());
        } catch (ServerConfig.InvalidConfigException e) {
            System.err.println("syn serve: " + e.getMessage());
            System.exit(2);
            return;
        }
        Server server;
        try {
            server = start(config);
        } catch (RuntimeException e) {
            System.err.println("syn serve: cannot start: " + e.getMessage());
            LOG.debug("start failure", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        System.out.println("Syntropic137 is running at http://" + config.host() + ":" + server.port()
                + "  (storage: " + config.describeStorage() + ")");
        System.out.println("Check it:  curl http://" + config.host() + ":" + server.port() + "/api/health    Stop it: Ctrl-C");
    }

    /** Builds the whole server for a configuration; the caller owns (and closes) the result. */
    public static Server start(ServerConfig config) {
        EventStore eventStore = openEventStore(config);
        try {
            return Server.start(config, eventStore);
        } catch (RuntimeException e) {
            eventStore.close();
            throw e;
        }
    }

    private static EventStore openEventStore(ServerConfig config) {
        return config.postgres()
                .<EventStore>map(pg -> PostgresEventStore.open(PostgresEventStoreConfig.of(pg.jdbcUrl(), pg.user(), pg.password())))
                .orElseGet(() -> SqliteEventStore.open(SqliteEventStoreConfig.of(config.sqliteFile())));
    }

    private Main() {
    }
}
