package io.syntropic137.server;

import io.syntropic137.agents.command.CommandRuntime;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.engine.EngineListener;
import io.syntropic137.engine.ExecutionEngine;
import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.port.ContentStore;
import io.syntropic137.engine.port.WorkspaceProvider;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.ReadModelDatabase;
import io.syntropic137.projections.cache.InProcessQueryCache;
import io.syntropic137.projections.postgres.PostgresReadModelDatabase;
import io.syntropic137.projections.readmodels.ReadModels;
import io.syntropic137.projections.sqlite.SqliteReadModelDatabase;
import io.syntropic137.workspaces.BubblewrapWorkspaceProvider;
import io.syntropic137.workspaces.FileSystemContentStore;
import io.syntropic137.workspaces.LocalWorkspaceProvider;
import io.syntropic137.eventstore.postgres.PostgresEventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStoreConfig;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import io.syntropic137.observability.TelemetryPipeline;
import io.syntropic137.server.stream.ExecutionTail;
import io.syntropic137.server.stream.StreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The composition root: every part of the server is created and wired here, explicitly, in dependency order.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        ServerConfig config;
        TelemetrySettings telemetry;
        EngineSettings engine;
        StreamSettings streams;
        try {
            config = ServerConfig.fromEnvironment(System.getenv());
            telemetry = TelemetrySettings.fromEnvironment(System.getenv());
            engine = EngineSettings.fromEnvironment(System.getenv());
            streams = StreamSettings.fromEnvironment(System.getenv());
        } catch (ServerConfig.InvalidConfigException e) {
            System.err.println("syn serve: " + e.getMessage());
            System.exit(2);
            return;
        }
        Server server;
        try {
            server = start(config, telemetry, engine, streams);
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
        return start(config, StreamSettings.defaults());
    }

    /** Like {@link #start(ServerConfig)} with chosen stream settings (tests use a short keep-alive). */
    public static Server start(ServerConfig config, StreamSettings streamSettings) {
        return start(config, TelemetrySettings.defaults(), EngineSettings.defaults(), streamSettings);
    }

    static Server start(ServerConfig config, TelemetrySettings telemetrySettings, EngineSettings engineSettings) {
        return start(config, telemetrySettings, engineSettings, StreamSettings.defaults());
    }

    static Server start(ServerConfig config, TelemetrySettings telemetrySettings, EngineSettings engineSettings,
                        StreamSettings streamSettings) {
        // parts are created in dependency order; on failure the ones already created are closed in reverse
        Deque<AutoCloseable> created = new ArrayDeque<>();
        try {
            Clock clock = Clock.systemUTC();
            EventStore eventStore = openEventStore(config);
            created.push(eventStore);
            TelemetryPipeline telemetry = telemetrySettings.open(config);
            created.push(telemetry);
            CommandHandler commands = CommandHandler.withDefaults(eventStore);
            ReadModelDatabase readModels = openReadModels(config);
            created.push(readModels);
            ProjectionManager projections = new ProjectionManager(eventStore, readModels,
                    ReadModels.projections(EventCodec.standard()), 500, new InProcessQueryCache(100_000));
            projections.start();
            created.push(projections);
            WorkspaceProvider workspaces = openWorkspaces(config, engineSettings);
            ContentStore content = new FileSystemContentStore(config.dataDirectory().resolve("content"));
            ExecutionEngine engine = new ExecutionEngine(commands, eventStore, agentRuntimes(), workspaces, content,
                    engineSettings.engine(), clock, EngineListener.NONE);
            created.push(engine);
            int interrupted = engine.start();
            if (interrupted > 0) {
                LOG.warn("{} execution(s) were running when this server last stopped; they were interrupted and, where "
                        + "allowed, retried", interrupted);
            }
            // the one live reader of the store for every stream client; started before any client can connect
            ExecutionTail streams = new ExecutionTail(eventStore, EventCodec.standard()).start();
            created.push(streams);
            Wiring wiring = new Wiring(eventStore, telemetry, commands, projections,
                    ReadModels.queries(projections, readModels), engine, content, workspaces.backend().name().toLowerCase(java.util.Locale.ROOT),
                    workspaces.isolating(), clock, streams, streamSettings, List.copyOf(created));
            return Server.start(config, wiring);
        } catch (Exception e) {
            while (!created.isEmpty()) {
                try {
                    created.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The agent runtimes workflows may name in a phase's {@code agent}. */
    private static Map<String, AgentRuntime> agentRuntimes() {
        // a phase with agent `command` and no command line stores its rendered prompt as its artifact
        return Map.of(CommandRuntime.NAME, new CommandRuntime(List.of("sh", "-c", "cat > artifacts/output/prompt.md")));
    }

    private static WorkspaceProvider openWorkspaces(ServerConfig config, EngineSettings settings) throws java.io.IOException {
        Path base = config.dataDirectory().resolve("workspaces");
        String chosen = settings.workspaces();
        if (EngineSettings.LOCAL.equals(chosen)) {
            LOG.warn("SYN_WORKSPACES=local: agents run WITHOUT isolation, with this server's rights and files");
            return new LocalWorkspaceProvider(base);
        }
        if (!BubblewrapWorkspaceProvider.isAvailable()) {
            String why = BubblewrapWorkspaceProvider.unavailableReason();
            if (EngineSettings.BUBBLEWRAP.equals(chosen)) {
                throw new IllegalStateException("SYN_WORKSPACES=bubblewrap but bubblewrap cannot run here: " + why
                        + " (install Debian's bubblewrap package, or set SYN_WORKSPACES=local to run agents without isolation)");
            }
            LOG.warn("bubblewrap cannot run here ({}); agents run WITHOUT isolation until it is installed (health reports "
                    + "this). Install Debian's bubblewrap package, or set SYN_WORKSPACES=local to silence this.", why);
            return new LocalWorkspaceProvider(base);
        }
        // the data directory holds the databases and other runs' content: masked inside every sandbox
        var hidden = new java.util.ArrayList<>(BubblewrapWorkspaceProvider.ALWAYS_HIDDEN);
        hidden.add(config.dataDirectory());
        return new BubblewrapWorkspaceProvider(base, hidden);
    }

    private static ReadModelDatabase openReadModels(ServerConfig config) {
        return config.postgres()
                .<ReadModelDatabase>map(pg -> new PostgresReadModelDatabase(pg.jdbcUrl(), pg.user(), pg.password(), 4))
                .orElseGet(() -> new SqliteReadModelDatabase(config.dataDirectory().resolve("readmodels.db")));
    }

    private static EventStore openEventStore(ServerConfig config) {
        return config.postgres()
                .<EventStore>map(pg -> PostgresEventStore.open(PostgresEventStoreConfig.of(pg.jdbcUrl(), pg.user(), pg.password())))
                .orElseGet(() -> SqliteEventStore.open(SqliteEventStoreConfig.of(config.sqliteFile())));
    }

    private Main() {
    }
}
