package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code syn cost ...}: tokens and cost of an execution (or one phase of it), and per model. */
@Command(name = "cost", description = "Tokens and cost of an execution or a phase, and per model.",
        subcommands = {CostCommand.OfExecution.class, CostCommand.Models.class})
final class CostCommand extends CommandGroup {

    @Command(name = "execution", description = "Tokens and cost of an execution, per phase (or of one phase).")
    static final class OfExecution extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the execution id")
        String id;

        @Option(names = "--phase", paramLabel = "P", description = "only this phase")
        String phase;

        @Override
        public Integer call() {
            String path = "/api/costs/executions/" + ApiClient.segment(id)
                    + (phase == null ? "" : "/phases/" + ApiClient.segment(phase));
            JsonNode cost = client().get(path);
            if (json()) {
                printJson(cost);
                return ExitCodes.OK;
            }
            Table table = new Table("PHASE", "NAME", "ATTEMPTS", "TOKENS", "COST");
            if (phase != null) {
                row(table, cost);
            } else {
                new Details(out(), 9).field(cost, "executionId").field(cost, "templateId")
                        .line("tokens", Formats.tokens(cost.get("tokens")))
                        .line("cost", Formats.cost(cost.get("costUsd"))).done();
                out().println();
                cost.path("phases").forEach(p -> row(table, p));
            }
            table.print(out());
            return ExitCodes.OK;
        }

        private static void row(Table table, JsonNode p) {
            table.row(Formats.text(p, "phaseId"), Formats.text(p, "name"), p.path("attempts").asInt(),
                    Formats.tokens(p.get("tokens")), Formats.cost(p.get("costUsd")));
        }
    }

    @Command(name = "models", description = "Sessions, tokens and cost per model, with the total.")
    static final class Models extends ApiCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode costs = client().get("/api/costs/models");
            if (json()) {
                printJson(costs);
                return ExitCodes.OK;
            }
            Table table = new Table("MODEL", "SESSIONS", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "TOKENS", "COST");
            costs.path("models").forEach(m -> row(table, Formats.text(m, "model"), m));
            row(table, "TOTAL", costs.path("total"));
            table.print(out());
            return ExitCodes.OK;
        }

        private static void row(Table table, String model, JsonNode m) {
            table.row(model, m.path("sessions").asLong(), m.path("running").asLong(), m.path("completed").asLong(),
                    m.path("failed").asLong(), m.path("cancelled").asLong(), Formats.tokens(m.get("tokens")),
                    Formats.cost(m.get("costUsd")));
        }
    }
}
