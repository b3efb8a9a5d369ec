package io.syntropic137.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.util.Map;

/** {@code syn}: the command line of Syntropic137, a client of the server's HTTP API. */
@Command(name = "syn", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Syntropic137 command line: workflows, executions, control, artifacts, sessions, costs, metrics, organizations, systems, repositories, triggers (talks to the server over HTTP).",
        subcommands = {WorkflowCommand.class, ExecutionCommand.class, ControlCommand.class, ArtifactCommand.class,
                SessionCommand.class, CostCommand.class, MetricsCommand.class, OrganizationCommand.class,
                RepoSystemCommand.class, RepoCommand.class, TriggerCommand.class,
                ProjectionCommand.class, HealthCommand.class, ConfigCommand.class, VersionCommand.class, CompletionCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed or refused, 2 usage, 3 server unreachable, 4 cancelled, 5 not found, 6 conflict, 7 API token missing or refused."})
public final class SynCli extends CommandGroup {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8137";

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "the server's address (default: $SYN_SERVER, else " + DEFAULT_SERVER + ")")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "the API token to send (default: $SYN_TOKEN); a server on loopback in development mode needs none")
    String token;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the server's JSON instead of tables")
    boolean json;

    private final Map<String, String> environment;
    private ApiClient client;

    SynCli(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    static int run(Map<String, String> environment, String... args) {
        CommandLine cli = commandLine(environment);
        return cli.execute(args);
    }

    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cli = new CommandLine(new SynCli(environment));
        cli.setExecutionExceptionHandler(SynCli::failure);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** Where the server is: the option, then SYN_SERVER, then the local default. */
    String serverAddress() {
        if (server != null && !server.isBlank()) {
            return server;
        }
        String fromEnvironment = environment.get("SYN_SERVER");
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_SERVER : fromEnvironment;
    }

    /** The API token: the option, then SYN_TOKEN; null when neither is set. */
    String token() {
        if (token != null && !token.isBlank()) {
            return token;
        }
        String fromEnvironment = environment.get("SYN_TOKEN");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
    }

    ApiClient client() {
        if (client == null) {
            client = new ApiClient(serverAddress(), token());
        }
        return client;
    }

    boolean json() {
        return json;
    }

    /** Errors become one line on stderr and the documented exit code; anything unexpected keeps its stack trace. */
    private static int failure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        switch (e) {
            case ServerUnreachableException u -> {
                err.println("error: " + u.getMessage());
                err.flush();
                return ExitCodes.UNREACHABLE;
            }
            case ApiProblemException p when p.status() == 401 -> {
                err.println("error: " + p.getMessage() + (p.type() == null ? "" : " (" + p.type() + ")"));
                err.println("The server requires an API token: set SYN_TOKEN (or pass --token). On the server's machine, "
                        + "create one with: ./syn token create --name NAME");
                err.flush();
                return ExitCodes.UNAUTHORIZED;
            }
            case ApiProblemException p -> {
                err.println("error: " + p.getMessage() + (p.type() == null ? "" : " (" + p.type() + ")"));
                err.flush();
                return ExitCodes.forStatus(p.status());
            }
            case WorkflowSource.InvalidDefinition invalid -> {
                invalid.problems().forEach(err::println);
                err.println("error: invalid workflow definition: " + invalid.getMessage());
                err.flush();
                return ExitCodes.FAILED;
            }
            case UserError u -> {
                err.println("error: " + u.getMessage());
                err.flush();
                return u.exitCode();
            }
            default -> {
                err.println("error: " + e);
                e.printStackTrace(err);
                err.flush();
                return ExitCodes.FAILED;
            }
        }
    }

    /** A failure the user can act on, with the exit code it maps to (no stack trace). */
    static final class UserError extends RuntimeException {
        private final int exitCode;

        UserError(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
