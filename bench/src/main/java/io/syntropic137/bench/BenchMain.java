package io.syntropic137.bench;

import io.syntropic137.bench.eventstore.Backend;
import io.syntropic137.bench.eventstore.EventStoreBenchmark;
import io.syntropic137.bench.eventstore.Settings;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code syn-bench eventstore --backend postgres|sqlite [options]}: prints a table and, as its last line, one
 * JSON object with every figure.
 */
public final class BenchMain {
    static final String USAGE = """
            usage: syn-bench observability --backend postgres|sqlite [options]   (see observability/README.md)
            usage: syn-bench workspaces [--iterations N] [--agents A]
                   bubblewrap workspace create+destroy and a sandboxed `true`, p50/p99 ms (default N 200); then A
                   real Claude Code agents in parallel sandboxes against one scripted model (default 16): wall
                   time, peak RSS per agent (needs the pinned claude and curl: scripts/setup-test-env)
            usage: syn-bench projections [--backend sqlite|postgres] [--events N] [--lag-seconds S]
                   read models: catch-up of all projections from N mixed events next to the store's raw read
                   rate, cached query p99, projection lag under the event-store W1 load (64 writers) and under
                   8 writers of mixed runs (default 1000000 events, 10 s each)
            usage: syn-bench engine [--quick]
                   1000 executions x 3 phases with an instant in-process agent (embedded SQLite), then 200 with
                   the command runtime running `true` per phase; see docs/benchmarks.md
            usage: syn-bench server [--quick]
                   the HTTP server with 1000 SSE clients on one execution (delivery p99, heap per idle client), then
                   GET /api/executions/{id} at 1000 requests/s open-loop from a separate JVM; see docs/benchmarks.md
            usage: syn-bench domain [--quick]
                   command handling on the embedded backend: 64 executions x StartPhase/CompletePhase, load times
            usage: syn-bench eventstore --backend postgres|sqlite [options]
              --quick             tiny sizes, a few seconds: proves the program works, the figures mean nothing
              --writers N         W1 writers (default 64)
              --w1-seconds S      W1 timed seconds per side (default 10)
              --events-w2 N       W2 events per side (default 200000)
              --events-w4 N       W4 events in the log (default 1000000)
              --w4-page N         W4 readAll page size and raw fetch size (default 1000)
              --only w1,w2,...    run only these workloads (their keys; the others are null)
              --sqlite-sync full|normal
                                  SQLite synchronous mode for store and baselines (default full, the product default)
            PostgreSQL is reached as the tests reach it: SYN_TEST_PG_URL (default jdbc:postgresql://127.0.0.1:5432/),
            SYN_TEST_PG_USER (default postgres), SYN_TEST_PG_PASSWORD.
            """;

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Returns the process exit code: 0 when the run completed (whatever the bars say), 2 for bad usage, 1 on failure. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("observability")) {
            // the telemetry benchmark lives beside the pipeline it measures; this is its entry on the launcher
            return io.syntropic137.observability.bench.ObservabilityBenchmark.run(
                    Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("domain")) {
            return runQuick(Arrays.asList(args).subList(1, args.length), out, err,
                    (quick, o, e) -> new io.syntropic137.bench.domain.DomainBenchmark(quick, e).run(o));
        }
        if (args.length > 0 && args[0].equals("workspaces")) {
            return runWorkspaces(Arrays.asList(args).subList(1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("projections")) {
            return report(err, () -> io.syntropic137.bench.projections.ProjectionsBench.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("engine")) {
            return runQuick(Arrays.asList(args).subList(1, args.length), out, err,
                    (quick, o, e) -> new io.syntropic137.bench.engine.EngineBenchmark(quick, e).run(o));
        }
        if (args.length > 0 && args[0].equals("server")) {
            return runQuick(Arrays.asList(args).subList(1, args.length), out, err,
                    (quick, o, e) -> new io.syntropic137.bench.server.ServerBenchmark(quick, e).run(o));
        }
        if (args.length == 0 || !args[0].equals("eventstore")) {
            err.print(USAGE);
            return 2;
        }
        Backend backend;
        Settings settings;
        try {
            Options options = Options.parse(Arrays.asList(args).subList(1, args.length));
            backend = options.backend();
            settings = options.settings();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Backend chosen = backend;
        Settings chosenSettings = settings;
        return report(err, () -> new EventStoreBenchmark(chosen, chosenSettings, err).run().print(out));
    }


    /** A benchmark whose only option is {@code --quick}. */
    @FunctionalInterface
    private interface QuickProgram {
        void run(boolean quick, PrintStream out, PrintStream err) throws Exception;
    }

    private static int runQuick(List<String> args, PrintStream out, PrintStream err, QuickProgram program) {
        for (String arg : args) {
            if (!arg.equals("--quick")) {
                err.println("unknown option " + arg);
                err.print(USAGE);
                return 2;
            }
        }
        return report(err, () -> program.run(args.contains("--quick"), out, err));
    }

    @FunctionalInterface
    private interface Program {
        void run() throws Exception;
    }

    /** Exit code 0 when the program completed (whatever its bars say), 1 with the failure on stderr otherwise. */
    private static int report(PrintStream err, Program program) {
        try {
            program.run();
            return 0;
        } catch (Exception e) {
            err.println("the benchmark failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static int runWorkspaces(List<String> args, PrintStream out, PrintStream err) {
        int iterations = 200;
        int agents = 16;
        for (int i = 0; i < args.size(); i += 2) {
            String flag = args.get(i);
            if ((!flag.equals("--iterations") && !flag.equals("--agents")) || i + 1 >= args.size()) {
                err.println("unknown options " + args);
                err.print(USAGE);
                return 2;
            }
            try {
                int value = Options.positive(flag, args.get(i + 1));
                if (flag.equals("--iterations")) {
                    iterations = value;
                } else {
                    agents = value;
                }
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                err.print(USAGE);
                return 2;
            }
        }
        int n = iterations;
        int a = agents;
        return report(err, () -> new io.syntropic137.bench.workspaces.WorkspaceBenchmark(n, a, err).run(out));
    }



    private record Options(Backend backend, Settings settings) {
        static Options parse(List<String> args) {
            Backend backend = null;
            boolean quick = args.contains("--quick");
            Settings settings = quick ? Settings.quickSize() : Settings.fullSize();
            for (int i = 0; i < args.size(); i++) {
                String flag = args.get(i);
                if (flag.equals("--quick")) {
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("unknown option or missing value: " + flag);
                }
                String value = args.get(++i);
                switch (flag) {
                    case "--backend" -> backend = Backend.parse(value);
                    case "--writers" -> settings = settings.withW1(positive(flag, value), settings.w1Duration());
                    case "--w1-seconds" -> settings = settings.withW1(settings.w1Writers(), Duration.ofSeconds(positive(flag, value)));
                    case "--events-w2" -> settings = settings.withW2Events(positive(flag, value));
                    case "--events-w4" -> settings = settings.withW4(positive(flag, value), settings.w4PageSize());
                    case "--w4-page" -> settings = settings.withW4(settings.w4Events(), positive(flag, value));
                    case "--only" -> settings = settings.withOnly(workloads(value));
                    case "--sqlite-sync" -> settings = settings.withSqliteFullSync(switch (value) {
                        case "full" -> true;
                        case "normal" -> false;
                        default -> throw new IllegalArgumentException("--sqlite-sync takes full or normal, got '" + value + "'");
                    });
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (backend == null) {
                throw new IllegalArgumentException("--backend is required");
            }
            return new Options(backend, settings);
        }

        private static int positive(String flag, String value) {
            try {
                int n = Integer.parseInt(value.replace("_", ""));
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the flag's name
            }
            throw new IllegalArgumentException(flag + " needs a positive whole number, got '" + value + "'");
        }

        private static Set<String> workloads(String value) {
            Set<String> chosen = new HashSet<>(Arrays.asList(value.toLowerCase(java.util.Locale.ROOT).split(",")));
            if (!Set.of("w1", "w2", "w3", "w4", "w5").containsAll(chosen)) {
                throw new IllegalArgumentException("--only takes a comma-separated list of w1..w5, got '" + value + "'");
            }
            return chosen;
        }
    }
}
