package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code syn metrics ...}: the dashboard's totals and a workflow's runs and per-phase figures. */
@Command(name = "metrics", description = "Dashboard totals; a workflow's runs and per-phase metrics.",
        subcommands = {MetricsCommand.Dashboard.class, MetricsCommand.OfWorkflow.class})
final class MetricsCommand extends CommandGroup {

    @Command(name = "dashboard", description = "Totals over every execution and session.")
    static final class Dashboard extends ApiCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode d = client().get("/api/metrics/dashboard");
            if (json()) {
                printJson(d);
                return ExitCodes.OK;
            }
            new Details(out(), 18)
                    .line("executions", runs(d.path("executions")))
                    .line("running / paused", d.path("running").asLong() + " / " + d.path("paused").asLong())
                    .line("execution tokens", Formats.tokens(d.get("executionTokens")))
                    .line("execution cost", Formats.cost(d.get("executionCostUsd")))
                    .line("sessions", d.path("sessions").asLong() + " (" + d.path("sessionsRunning").asLong() + " running, "
                            + d.path("sessionsFailed").asLong() + " failed)")
                    .line("session tokens", Formats.tokens(d.get("sessionTokens")))
                    .line("session cost", Formats.cost(d.get("sessionCostUsd")))
                    .done();
            return ExitCodes.OK;
        }
    }

    @Command(name = "workflow", description = "A workflow's runs and per-phase metrics.")
    static class OfWorkflow extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the workflow id")
        String id;

        @Override
        public Integer call() {
            JsonNode m = client().get("/api/metrics/workflows/" + ApiClient.segment(id));
            if (m.path("runs").path("runs").path("started").asLong() == 0 && m.path("phases").isEmpty()) {
                client().get("/api/workflows/" + ApiClient.segment(id)); // no figures for an unknown workflow: not found (5)
            }
            if (json()) {
                printJson(m);
                return ExitCodes.OK;
            }
            JsonNode runs = m.path("runs");
            new Details(out(), 9).line("workflow", id)
                    .line("runs", runs(runs.path("runs")))
                    .line("running", runs.path("running").asLong() + " (" + runs.path("paused").asLong() + " paused)")
                    .line("last run", Formats.text(runs, "lastExecutionId") == null ? "-"
                            : Formats.text(runs, "lastExecutionId") + " at " + Formats.text(runs, "lastRunAt"))
                    .line("tokens", Formats.tokens(runs.get("tokens")))
                    .line("cost", Formats.cost(runs.get("costUsd")))
                    .done();
            out().println();
            Table phases = new Table("ORDER", "PHASE", "NAME", "STARTED", "COMPLETED", "AGENT FAILURES", "AVG", "MAX",
                    "TOKENS", "COST");
            m.path("phases").forEach(p -> phases.row(p.path("order").asInt(), Formats.text(p, "phaseId"),
                    Formats.text(p, "name"), p.path("started").asLong(), p.path("completed").asLong(),
                    p.path("agentFailures").asLong(), Formats.durationMs(p.get("averageDurationMs")),
                    Formats.durationMs(p.get("maxDurationMs")), Formats.tokens(p.get("tokens")), Formats.cost(p.get("costUsd"))));
            phases.print(out());
            return ExitCodes.OK;
        }
    }

    /** {@code 5 started, 3 completed, 1 failed, 0 cancelled, 1 interrupted (75% success)}. */
    static String runs(JsonNode counts) {
        return counts.path("started").asLong() + " started, " + counts.path("completed").asLong() + " completed, "
                + counts.path("failed").asLong() + " failed, " + counts.path("cancelled").asLong() + " cancelled, "
                + counts.path("interrupted").asLong() + " interrupted (" + Details.rate(counts.get("successRate")) + " success)";
    }
}
