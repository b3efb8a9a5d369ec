package io.syntropic137.server;

import io.syntropic137.agents.claude.ClaudeCodeRuntime;
import io.syntropic137.agents.claude.ClaudeCodeSettings;
import io.syntropic137.agents.command.CommandRuntime;
import io.syntropic137.modelserver.ModelServer;
import io.syntropic137.modelserver.Script;
import io.syntropic137.modelserver.ScriptParser;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.engine.EngineListener;
import io.syntropic137.engine.ExecutionEngine;
import io.syntropic137.engine.triggers.TriggerDispatcher;
import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.port.ContentStore;
import io.syntropic137.engine.port.WorkspaceProvider;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.ReadModelDatabase;
import io.syntropic137.projections.cache.InProcessQueryCache;
import io.syntropic137.projections.cache.QueryCache;
import io.syntropic137.projections.cache.RedisQueryCache;
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
import io.syntropic137.server.auth.TokenAdmin;
import io.syntropic137.server.metrics.AgentUsageMeters;
import io.syntropic137.server.metrics.EngineMeters;
import io.syntropic137.server.metrics.ExecutionLifecycleMeters;
import io.syntropic137.server.metrics.MeteredEventStore;
import io.syntropic137.server.metrics.MeteredQueryCache;
import io.syntropic137.server.metrics.ProjectionMeters;
import io.syntropic137.server.metrics.ServerMetrics;
import io.syntropic137.server.metrics.StreamMeters;
import io.syntropic137.server.metrics.TelemetryMeters;
import io.syntropic137.server.auth.TokenStore;
import io.syntropic137.server.stream.ExecutionTail;
import io.syntropic137.server.stream.StreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
        if (args.length > 0 && args[0].equals("token")) {
            // admin mode: manage API tokens in the store directly (the first token cannot come over HTTP)
            Map<String, String> env;
            try {
                env = ConfigFile.withEnvironment(System.getenv());
            } catch (ServerConfig.InvalidConfigException e) {
                System.err.println("syn token: " + e.getMessage());
                System.exit(2);
                return;
            }
            System.exit(TokenAdmin.run(List.of(args).subList(1, args.length), env, System.out, System.err));
            return;
        }
        if (args.length > 0) {
            System.err.println("syn serve: unknown argument '" + args[0] + "' (the server takes its settings from the "
                    + "environment; `token create|list|revoke` manages API tokens)");
            System.exit(2);
            return;
        }
        ServerConfig config;
        TelemetrySettings telemetry;
        EngineSettings engine;
        AgentSettings agents;
        StreamSettings streams;
        try {
            Map<String, String> env = ConfigFile.withEnvironment(System.getenv());
            config = ServerConfig.fromEnvironment(env);
            telemetry = TelemetrySettings.fromEnvironment(env);
            engine = EngineSettings.fromEnvironment(env);
            agents = AgentSettings.fromEnvironment(env);
            streams = StreamSettings.fromEnvironment(env);
        } catch (ServerConfig.InvalidConfigException e) {
            System.err.println("syn serve: " + e.getMessage());
            System.exit(2);
            return;
        }
        Server server;
        try {
            server = start(config, telemetry, engine, agents, streams);
        } catch (RuntimeException e) {
            System.err.println("syn serve: cannot start: " + e.getMessage());
            LOG.debug("start failure", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        System.out.println("Syntropic137 is running at http://" + config.host() + ":" + server.port()
                + "  (storage: " + config.describeStorage() + ")");
        String base = "http://" + config.host() + ":" + server.port();
        System.out.println("Check it:  curl " + base + "/api/health    Stop it: Ctrl-C");
        System.out.println("Workflows: curl " + base + "/api/workflows");
        System.out.println("Run one:   curl -X POST -d '{\"task\": \"try it\"}' " + base + "/api/workflows/offline-demo/runs");
        System.out.println("Watch it:  curl " + base + "/api/executions/<execution_id>");
        System.out.println(accessNotice(config, server.hasUsableToken()));
    }

    /** What the operator must know about access at start: whether tokens are needed, and how to get the first one. */
    static String accessNotice(ServerConfig config, boolean tokenExists) {
        String howToGetOne = "create one with: ./syn token create --name me   (then export SYN_TOKEN=<it>)";
        if (!config.auth().tokensRequired()) {
            return "Access:    development mode: no API tokens required on loopback; set SYN_AUTH=required to require them"
                    + (tokenExists ? "" : "\n           (" + howToGetOne + ")");
        }
        return "Access:    API tokens required: add -H \"Authorization: Bearer $SYN_TOKEN\" to the curl lines above "
                + "(the CLI sends SYN_TOKEN itself)"
                + (tokenExists ? "" : "\n           no token exists yet: " + howToGetOne);
    }

    /** Builds the whole server for a configuration; the caller owns (and closes) the result. */
    public static Server start(ServerConfig config) {
        return start(config, StreamSettings.defaults());
    }

    /** Like {@link #start(ServerConfig)} with chosen stream settings (tests use a short keep-alive). */
    public static Server start(ServerConfig config, StreamSettings streamSettings) {
        return start(config, TelemetrySettings.defaults(), EngineSettings.defaults(),
                AgentSettings.fromEnvironment(System.getenv()), streamSettings);
    }

    static Server start(ServerConfig config, TelemetrySettings telemetrySettings, EngineSettings engineSettings) {
        return start(config, telemetrySettings, engineSettings, AgentSettings.fromEnvironment(System.getenv()),
                StreamSettings.defaults());
    }

    /**
     * Builds the whole server with every setting (telemetry, engine, agents) read from {@code environment} instead of
     * this process's environment: for tests and embedders that run several servers in one JVM.
     */
    public static Server start(ServerConfig config, Map<String, String> environment) {
        return start(config, TelemetrySettings.fromEnvironment(environment), EngineSettings.fromEnvironment(environment),
                AgentSettings.fromEnvironment(environment));
    }

    static Server start(ServerConfig config, TelemetrySettings telemetrySettings, EngineSettings engineSettings,
                        AgentSettings agentSettings) {
        return start(config, telemetrySettings, engineSettings, agentSettings, StreamSettings.defaults());
    }

    static Server start(ServerConfig config, TelemetrySettings telemetrySettings, EngineSettings engineSettings,
                        AgentSettings agentSettings, StreamSettings streamSettings) {
        // parts are created in dependency order; on failure the ones already created are closed in reverse
        Deque<AutoCloseable> created = new ArrayDeque<>();
        try {
            Clock clock = Clock.systemUTC();
            // first, so every part below can be metered, and closed last
            ServerMetrics metrics = new ServerMetrics();
            created.push(metrics);
            EventStore eventStore = new MeteredEventStore(openEventStore(config), metrics.registry(),
                    new ExecutionLifecycleMeters(metrics.registry(), EventCodec.standard().registry()));
            created.push(eventStore);
            TelemetryPipeline telemetry = telemetrySettings.open(config);
            created.push(telemetry);
            metrics.bind(new TelemetryMeters(telemetry.buffer()));
            CommandHandler commands = CommandHandler.withDefaults(eventStore);
            ReadModelDatabase readModels = openReadModels(config);
            created.push(readModels);
            ProjectionManager projections = new ProjectionManager(eventStore, readModels,
                    ReadModels.projections(EventCodec.standard()), 500, queryCache(config, metrics, created));
            if (config.postgres().isPresent()) {
                // several servers may share one PostgreSQL: each projection runs on one of them at a time. The owner
                // is stable across restarts, so a server restarted after a crash takes its leases back at once
                // instead of following nobody until they expire.
                projections.useLeases(leaseOwner(config), Duration.ofSeconds(10));
            }
            projections.start();
            created.push(projections);
            ProjectionMeters projectionMeters = new ProjectionMeters(projections);
            metrics.bind(projectionMeters);
            metrics.beforeScrape(projectionMeters::refresh);
            WorkspaceProvider workspaces = openWorkspaces(config, engineSettings);
            ContentStore content = new FileSystemContentStore(config.dataDirectory().resolve("content"));
            Map<String, AgentRuntime> runtimes = agentRuntimes(config, agentSettings, created);
            EngineListener listener = new FanOutEngineListener(List.of(new TelemetryEngineListener(telemetry, clock),
                    new AgentUsageMeters(metrics.registry(), telemetry.prices())));
            ExecutionEngine engine = new ExecutionEngine(commands, eventStore, runtimes, workspaces, content,
                    engineSettings.engine(), clock, listener);
            created.push(engine);
            metrics.bind(new EngineMeters(engine));
            int interrupted = engine.start();
            if (interrupted > 0) {
                LOG.warn("{} execution(s) were running when this server last stopped; they were interrupted and, where "
                        + "allowed, retried", interrupted);
            }
            String examples = System.getenv("SYN_EXAMPLES_DIR");
            if (examples != null && !examples.isBlank()) {
                List<String> loaded = ExampleWorkflows.load(Path.of(examples), commands, clock);
                LOG.info("example workflows ready: {}", loaded);
            }
            // the one live reader of the store for every stream client; started before any client can connect
            ExecutionTail streams = new ExecutionTail(eventStore, EventCodec.standard()).start();
            created.push(streams);
            metrics.bind(new StreamMeters(streams));
            TokenStore tokens = TokenStore.open(config, clock);
            created.push(tokens);
            ReadModels.Queries queries = ReadModels.queries(projections, readModels);
            TriggerDispatcher triggers = new TriggerDispatcher(commands, engine, (repository, event) ->
                    queries.triggers().matching(repository, event).stream().map(t -> t.triggerId()).toList(), clock);
            Wiring wiring = new Wiring(eventStore, telemetry, commands, projections, queries, engine, triggers, content, workspaces.backend().name().toLowerCase(java.util.Locale.ROOT),
                    workspaces.isolating(), clock, streams, streamSettings, tokens, metrics, List.copyOf(created));
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
    private static Map<String, AgentRuntime> agentRuntimes(ServerConfig config, AgentSettings settings,
                                                           Deque<AutoCloseable> created) throws java.io.IOException {
        Map<String, AgentRuntime> runtimes = new java.util.HashMap<>();
        // a phase with agent `command` and no command line stores its rendered prompt as its artifact
        runtimes.put(CommandRuntime.NAME, new CommandRuntime(List.of("sh", "-c", "cat > artifacts/output/prompt.md")));
        if (settings.claudeCode().equals("off")) {
            return Map.copyOf(runtimes);
        }
        boolean installed = ClaudeCodeSettings.findOnPath("claude").isPresent() && ClaudeCodeSettings.findOnPath("curl").isPresent();
        if (!installed) {
            if (settings.claudeCode().equals("on")) {
                throw new IllegalStateException("SYN_CLAUDE_CODE=on but `claude` or `curl` is not on the PATH (scripts/setup-test-env "
                        + "installs the pinned Claude Code CLI and curl)");
            }
            LOG.info("the claude-code runtime is off: `claude` or `curl` is not on the PATH");
            return Map.copyOf(runtimes);
        }
        URI upstream;
        if (settings.offline()) {
            Script script = new ScriptParser().parseResource("/io/syntropic137/server/offline-model.json");
            ModelServer model = ModelServer.builder().script(script).tcpPort(0).start();
            created.push(model);
            upstream = URI.create(model.baseUrl());
            LOG.info("agents use the built-in offline model at {} (SYN_MODEL_UPSTREAM=offline)", upstream);
        } else {
            upstream = URI.create(settings.upstream());
            if (settings.apiKey() == null) {
                LOG.warn("the claude-code runtime is off: no API key (set ANTHROPIC_API_KEY or SYN_SECRETS_FILE, or "
                        + "SYN_MODEL_UPSTREAM=offline for the built-in scripted model)");
                return Map.copyOf(runtimes);
            }
        }
        Path sockets = Path.of(System.getProperty("java.io.tmpdir"), "syn-sockets-" + ProcessHandle.current().pid());
        java.nio.file.Files.createDirectories(sockets);
        var claude = ClaudeCodeSettings.onPath(upstream, settings::apiKey, sockets, null)
                .withCliEnvironment(settings.cliEnvironment());
        runtimes.put("claude-code", new ClaudeCodeRuntime(claude));
        return Map.copyOf(runtimes);
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
        BubblewrapWorkspaceProvider.reapingWarning(ProcessHandle.current().pid()).ifPresent(LOG::warn);
        var hidden = new java.util.ArrayList<>(BubblewrapWorkspaceProvider.ALWAYS_HIDDEN);
        hidden.add(config.dataDirectory());
        return new BubblewrapWorkspaceProvider(base, hidden);
    }

    /** Redis when SYN_REDIS_URL is set (shared by the nodes, invalidated over pub/sub), else in-process. */
    private static QueryCache queryCache(ServerConfig config, ServerMetrics metrics, Deque<AutoCloseable> created) {
        QueryCache cache = config.redisUrl()
                .<QueryCache>map(url -> new MeteredQueryCache(new RedisQueryCache(url, "syn", java.time.Duration.ofMinutes(10)),
                        "redis", metrics.registry()))
                .orElseGet(() -> new MeteredQueryCache(new InProcessQueryCache(100_000), "caffeine", metrics.registry()));
        created.push(cache);
        return cache;
    }

    private static String leaseOwner(ServerConfig config) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + config.dataDirectory().toAbsolutePath();
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
