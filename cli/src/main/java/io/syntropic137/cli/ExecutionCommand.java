package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code syn execution ...}: runs of workflows — list, show, and watch one live. */
@Command(name = "execution", description = "List, show and watch executions (runs of workflows).",
        subcommands = {ExecutionCommand.ListExecutions.class, ExecutionCommand.Show.class, ExecutionCommand.Watch.class})
final class ExecutionCommand extends CommandGroup {

    @Command(name = "list", description = "List executions, newest first.")
    static final class ListExecutions extends ApiCommand implements Callable<Integer> {
        @Mixin
        PageOptions page;

        @Option(names = "--status", paramLabel = "S", description = "only this status (RUNNING, PAUSED, COMPLETED, ...)")
        String status;

        @Option(names = "--workflow", paramLabel = "ID", description = "only runs of this workflow")
        String workflow;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/executions", ApiClient.query("status", status, "workflow", workflow));
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("EXECUTION", "WORKFLOW", "STATUS", "PHASES", "CURRENT", "COST", "STARTED");
            list.path("items").forEach(e -> table.row(Formats.text(e, "executionId"), Formats.text(e, "templateId"),
                    Formats.text(e, "status"), e.path("phasesCompleted").asInt() + "/" + e.path("phaseCount").asInt(),
                    Formats.text(e, "currentPhaseId"), Formats.cost(e.get("costUsd")), Formats.text(e, "startedAt")));
            table.print(out());
            PageOptions.printMore(out(), list);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show an execution and its phases.")
    static final class Show extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode detail = client().get("/api/executions/" + ApiClient.segment(id));
            if (json()) {
                printJson(detail);
            } else {
                printDetail(out(), detail);
            }
            return ExitCodes.OK;
        }
    }

    /** The execution's header lines and its phases table (also printed after a control command). */
    static void printDetail(java.io.PrintWriter out, JsonNode detail) {
        JsonNode s = detail.path("summary");
        out.println("execution  " + Formats.text(s, "executionId") + "  (workflow " + Formats.text(s, "templateId") + ")");
        out.println("status     " + Formats.text(s, "status") + "  " + Formats.progressBar(s.path("phasesCompleted").asInt(),
                s.path("phaseCount").asInt(), 20));
        out.println("task       " + Formats.text(s, "task"));
        if (detail.path("inputs").size() > 0) {
            StringBuilder inputs = new StringBuilder();
            detail.path("inputs").properties().forEach(e -> inputs.append(inputs.isEmpty() ? "" : ", ")
                    .append(e.getKey()).append('=').append(e.getValue().asText()));
            out.println("inputs     " + inputs);
        }
        out.println("tokens     " + Formats.tokens(s.get("tokens")) + "   cost " + Formats.cost(s.get("costUsd")));
        for (String reason : new String[] {"pauseReason", "error", "cancelReason", "interruptReason"}) {
            if (detail.hasNonNull(reason)) {
                out.println(String.format("%-11s", reason.replace("Reason", "")) + detail.get(reason).asText());
            }
        }
        out.println();
        Table phases = new Table("ORDER", "PHASE", "STATUS", "ATTEMPTS", "TOKENS", "COST", "DURATION", "ARTIFACTS");
        detail.path("phases").forEach(p -> phases.row(p.path("order").asInt(), Formats.text(p, "phaseId"),
                Formats.text(p, "status"), p.path("attempts").asInt(), Formats.tokens(p.get("tokens")),
                Formats.cost(p.get("costUsd")), Formats.durationMs(p.get("durationMs")), p.path("artifactIds").size()));
        phases.print(out);
    }

    @Command(name = "watch", description = "Follow an execution live until it ends: 0 COMPLETED, 1 FAILED, 4 CANCELLED.")
    static final class Watch extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--reconnect-for", paramLabel = "SECONDS", defaultValue = "60",
                description = "how long to keep reconnecting after the stream drops (default ${DEFAULT-VALUE})")
        int reconnectFor;

        @Override
        public Integer call() {
            var settings = new ExecutionWatch.Settings(java.time.Duration.ofSeconds(reconnectFor));
            return new ExecutionWatch(client(), id, null, out(), json(), settings).run();
        }
    }
}
