package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code syn trigger ...}: the rules that start workflows on repository events, and what they did. */
@Command(name = "trigger", description = "Rules that start workflows on GitHub events: list, show, history, presets, "
        + "create, update, pause, resume, delete.",
        subcommands = {TriggerCommand.ListTriggers.class, TriggerCommand.Show.class, TriggerCommand.History.class,
                TriggerChangeCommands.Presets.class, TriggerChangeCommands.Create.class, TriggerChangeCommands.Update.class,
                TriggerChangeCommands.Pause.class, TriggerChangeCommands.Resume.class, TriggerChangeCommands.Delete.class})
final class TriggerCommand extends CommandGroup {

    @Command(name = "list", description = "List trigger rules.")
    static final class ListTriggers extends ApiCommand implements Callable<Integer> {
        @Option(names = "--repository", paramLabel = "R", description = "only rules for this repository (owner/name)")
        String repository;

        @Option(names = "--workflow", paramLabel = "ID", description = "only rules that start this workflow")
        String workflow;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/triggers", ApiClient.query("repository", repository, "workflow", workflow));
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("TRIGGER", "NAME", "EVENT", "REPOSITORY", "WORKFLOW", "STATUS", "FIRED", "BLOCKED", "LAST FIRED");
            list.path("items").forEach(t -> table.row(Formats.text(t, "triggerId"), Formats.text(t, "name"),
                    Formats.text(t, "event"), Formats.text(t, "repository"), Formats.text(t, "workflowId"),
                    Formats.text(t, "status"), t.path("fireCount").asLong(), t.path("blockedCount").asLong(),
                    Formats.text(t, "lastFiredAt")));
            table.print(out());
            PageOptions.printMore(out(), list);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show a trigger rule: event, conditions, input mapping, safety limits.")
    static final class Show extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode t = client().get("/api/triggers/" + ApiClient.segment(id));
            if (json()) {
                printJson(t);
                return ExitCodes.OK;
            }
            Details details = new Details(out(), 11);
            for (String field : new String[] {"triggerId", "name", "event", "repository", "workflowId", "status"}) {
                details.field(t, field);
            }
            if (t.hasNonNull("pauseReason")) {
                details.field(t, "pauseReason");
            }
            details.line("fired", t.path("fireCount").asLong() + " (blocked " + t.path("blockedCount").asLong() + ")")
                    .field(t, "lastFiredAt").field(t, "createdAt").field(t, "updatedAt");
            t.path("conditions").forEach(c -> details.line("condition", c.toString()));
            t.path("inputMapping").properties().forEach(e -> details.line("input", e.getKey() + " <- " + e.getValue().asText()));
            if (t.hasNonNull("safety")) {
                details.line("safety", t.get("safety").toString());
            }
            details.done();
            return ExitCodes.OK;
        }
    }

    @Command(name = "history", description = "What a trigger rule did: fired, blocked by a guard, paused, ...")
    static final class History extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/triggers/" + ApiClient.segment(id) + "/history", ApiClient.query());
            if (list.path("items").isEmpty() && page.cursor == null) {
                client().get("/api/triggers/" + ApiClient.segment(id)); // no history of an unknown rule: not found (5)
            }
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("AT", "KIND", "DELIVERY", "EXECUTION", "PR", "GUARD", "REASON");
            list.path("items").forEach(h -> table.row(Formats.text(h, "at"), Formats.text(h, "kind"),
                    Formats.text(h, "deliveryId"), Formats.text(h, "executionId"), Formats.text(h, "pullRequest"),
                    Formats.text(h, "guard"), Formats.text(h, "reason")));
            table.print(out());
            PageOptions.printMore(out(), list);
            return ExitCodes.OK;
        }
    }
}
