package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code syn session ...}: the agent sessions the phases ran. */
@Command(name = "session", description = "List agent sessions, show one, show its tool timeline.",
        subcommands = {SessionCommand.ListSessions.class, SessionCommand.Show.class, SessionCommand.Tools.class})
final class SessionCommand extends CommandGroup {

    @Command(name = "list", description = "List agent sessions.")
    static final class ListSessions extends ApiCommand implements Callable<Integer> {
        @Option(names = "--execution", paramLabel = "ID", description = "only this execution's sessions")
        String execution;

        @Option(names = "--status", paramLabel = "S", description = "only this status (RUNNING, COMPLETED, FAILED, CANCELLED)")
        String status;

        @Option(names = "--model", paramLabel = "M", description = "only sessions of this model")
        String model;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/sessions",
                    ApiClient.query("execution", execution, "status", status, "model", model));
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("SESSION", "EXECUTION", "PHASE", "MODEL", "STATUS", "TOKENS", "COST", "STARTED");
            list.path("items").forEach(s -> table.row(Formats.text(s, "sessionId"), Formats.text(s, "executionId"),
                    Formats.text(s, "phaseId"), Formats.text(s, "model"), Formats.text(s, "status"),
                    Formats.tokens(s.get("tokens")), Formats.cost(s.get("costUsd")), Formats.text(s, "startedAt")));
            table.print(out());
            PageOptions.printMore(out(), list);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show an agent session.")
    static final class Show extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode s = client().get("/api/sessions/" + ApiClient.segment(id));
            if (json()) {
                printJson(s);
                return ExitCodes.OK;
            }
            Details details = new Details(out(), 10);
            for (String field : new String[] {"sessionId", "executionId", "phaseId", "provider", "model", "status"}) {
                details.field(s, field);
            }
            if (s.hasNonNull("error")) {
                details.field(s, "error");
            }
            details.field(s, "startedAt").field(s, "completedAt")
                    .line("operations", s.path("operationCount").asLong())
                    .line("tokens", Formats.tokens(s.get("tokens")))
                    .line("cost", Formats.cost(s.get("costUsd")))
                    .done();
            return ExitCodes.OK;
        }
    }

    @Command(name = "tools", description = "Show a session's tool timeline (from telemetry).")
    static final class Tools extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode timeline = client().get("/api/telemetry/sessions/" + ApiClient.segment(id) + "/tools");
            if (json()) {
                printJson(timeline);
                return ExitCodes.OK;
            }
            Table table = new Table("TOOL", "STATUS", "STARTED", "MS", "TOOL USE ID");
            timeline.path("tool_calls").forEach(t -> table.row(Formats.text(t, "tool_name"), Formats.text(t, "status"),
                    Formats.text(t, "started_at"), Formats.text(t, "duration_ms"), Formats.text(t, "tool_use_id")));
            table.print(out());
            return ExitCodes.OK;
        }
    }
}
