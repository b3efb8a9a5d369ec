package io.syntropic137.server;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStoreConfig;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import io.syntropic137.observability.TelemetryPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every part of the server is created and wired here, explicitly, in dependency order.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        ServerConfig config;
        TelemetrySettings telemetry;
        try {
            config = ServerConfig.fromEnvironment(System.getenv());
            telemetry = TelemetrySettings.fromEnvironment(System.getenv());
        } catch (ServerConfig.InvalidConfigException e) {
            System.err.println("syn serve: " + e.getMessage());
            System.exit(2);
            return;
        }
        Server server;
        try {
            server = start(config, telemetry);
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
        return start(config, TelemetrySettings.defaults());
    }

    static Server start(ServerConfig config, TelemetrySettings telemetrySettings) {
        EventStore eventStore = openEventStore(config);
        TelemetryPipeline telemetry = null;
        try {
            telemetry = telemetrySettings.open(config);
            return Server.start(config, eventStore, telemetry);
        } catch (RuntimeException e) {
            if (telemetry != null) {
                telemetry.close();
            }
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
