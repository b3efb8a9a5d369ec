package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code syn trigger presets|create|update|pause|resume|delete} (registered under {@code trigger}). Create and
 * update print the rule as {@code trigger show} does, read with {@code ?after=}.
 */
final class TriggerChangeCommands {
    private TriggerChangeCommands() {
    }

    @Command(name = "presets", description = "The ready-made rules: self-healing CI, review fix, comment command.")
    static final class Presets extends ApiCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode presets = client().get("/api/trigger-presets");
            if (json()) {
                printJson(presets);
                return ExitCodes.OK;
            }
            Table table = new Table("PRESET", "EVENT", "CONDITIONS", "INPUTS");
            presets.path("items").forEach(p -> table.row(Formats.text(p, "preset"), Formats.text(p, "event"),
                    p.path("conditions").size(), String.join(", ", p.path("inputMapping").properties().stream().map(java.util.Map.Entry::getKey).toList())));
            table.print(out());
            out().flush();
            return ExitCodes.OK;
        }
    }

    /** Options that create and update share: conditions, input mapping, safety limits. */
    abstract static class Change extends WriteCommand {
        @Option(names = "--condition", paramLabel = "'FIELD OP [VALUES]'", description = "an AND-ed condition, e.g. "
                + "'check_run.conclusion eq failure', 'check_run.name in lint,test', 'issue.pull_request not_empty' "
                + "(operators: eq, neq, in, not_in, contains, not_empty, is_empty); repeat for more")
        List<String> conditions;

        @Option(names = "--map", paramLabel = "INPUT=PATH", description = "a workflow input taken from the payload, "
                + "e.g. pr_number=pull_request.number; repeat for more")
        java.util.Map<String, String> inputMapping;

        @Option(names = "--max-attempts-per-pr", paramLabel = "N")
        Integer maxAttemptsPerPr;

        @Option(names = "--daily-limit", paramLabel = "N")
        Integer dailyLimit;

        @Option(names = "--cooldown", paramLabel = "SECONDS")
        Integer cooldownSeconds;

        @Option(names = "--debounce", paramLabel = "SECONDS")
        Integer debounceSeconds;

        void putConditionsAndMapping(ObjectNode body) {
            if (conditions != null) {
                ArrayNode list = body.putArray("conditions");
                conditions.forEach(text -> list.add(condition(text)));
            }
            if (inputMapping != null) {
                ObjectNode mapping = body.putObject("inputMapping");
                inputMapping.forEach(mapping::put);
            }
        }

        /** The safety limits with the given options applied over {@code base}; none given: nothing is sent. */
        void putSafety(ObjectNode body, JsonNode base) {
            if (maxAttemptsPerPr == null && dailyLimit == null && cooldownSeconds == null && debounceSeconds == null) {
                return;
            }
            ObjectNode safety = body.putObject("safety");
            safety.put("maxAttemptsPerPr", maxAttemptsPerPr != null ? maxAttemptsPerPr : base.path("maxAttemptsPerPr").asInt());
            safety.put("dailyLimit", dailyLimit != null ? dailyLimit : base.path("dailyLimit").asInt());
            safety.put("cooldownSeconds", cooldownSeconds != null ? cooldownSeconds : base.path("cooldownSeconds").asInt());
            safety.put("debounceSeconds", debounceSeconds != null ? debounceSeconds : base.path("debounceSeconds").asInt());
        }

        static ObjectNode condition(String text) {
            String[] parts = text.strip().split("\\s+", 3);
            if (parts.length < 2) {
                throw new SynCli.UserError("--condition '" + text + "' needs a field and an operator, e.g. "
                        + "'check_run.conclusion eq failure'", ExitCodes.USAGE);
            }
            ObjectNode c = ApiClient.JSON.createObjectNode().put("field", parts[0]).put("operator", parts[1]);
            ArrayNode values = c.putArray("values");
            if (parts.length == 3) {
                boolean many = parts[1].equalsIgnoreCase("in") || parts[1].equalsIgnoreCase("not_in");
                for (String value : many ? parts[2].split(",") : new String[] {parts[2]}) {
                    values.add(value.strip());
                }
            }
            return c;
        }

        int printAfter(String verb, String id, JsonNode accepted) {
            JsonNode rule = client().get(after("/api/triggers/" + ApiClient.segment(id), ApiClient.query(), accepted));
            if (json()) {
                printJson(rule);
                return ExitCodes.OK;
            }
            out().println(verb + " trigger " + id + ": " + Formats.text(rule, "event") + " on "
                    + Formats.text(rule, "repository") + " starts " + Formats.text(rule, "workflowId")
                    + " (" + Formats.text(rule, "status") + ")");
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", description = "Register a rule: from a preset, or from an event and conditions.")
    static final class Create extends Change implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--repository", paramLabel = "OWNER/NAME", required = true)
        String repository;

        @Option(names = "--workflow", paramLabel = "ID", required = true, description = "the workflow it starts")
        String workflow;

        @Option(names = "--preset", paramLabel = "P", description = "self_healing_ci, review_fix or comment_command "
                + "(see `syn trigger presets`); --event, --condition and --map override its parts")
        String preset;

        @Option(names = "--event", paramLabel = "EVENT.ACTION", description = "e.g. check_run.completed")
        String event;

        @Option(names = "--id", paramLabel = "ID", description = "its id (default: one the server makes up)")
        String id;

        @Override
        public Integer call() {
            if (preset == null && event == null) {
                throw new SynCli.UserError("give --preset or --event", ExitCodes.USAGE);
            }
            ObjectNode body = body().put("name", name).put("repository", repository).put("workflowId", workflow);
            if (preset != null) {
                body.put("preset", preset);
            }
            if (event != null) {
                body.put("event", event);
            }
            if (id != null) {
                body.put("triggerId", id);
            }
            putConditionsAndMapping(body);
            JsonNode defaults = client().get("/api/trigger-presets").path("items").path(0).path("safety");
            putSafety(body, defaults);
            JsonNode accepted = client().postJson("/api/triggers", body);
            return printAfter("created", accepted.path("id").asText(), accepted);
        }
    }

    @Command(name = "update", description = "Change a rule's name, workflow, conditions, inputs or safety limits.")
    static final class Update extends Change implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--name", paramLabel = "N")
        String name;

        @Option(names = "--workflow", paramLabel = "ID")
        String workflow;

        @Override
        public Integer call() {
            ObjectNode body = body();
            if (name != null) {
                body.put("name", name);
            }
            if (workflow != null) {
                body.put("workflowId", workflow);
            }
            putConditionsAndMapping(body);
            putSafety(body, client().get("/api/triggers/" + ApiClient.segment(id)).path("safety"));
            if (body.isEmpty()) {
                throw new SynCli.UserError("nothing to change: give --name, --workflow, --condition, --map or a "
                        + "safety limit", ExitCodes.USAGE);
            }
            return printAfter("updated", id, client().sendJson("PATCH", "/api/triggers/" + ApiClient.segment(id), body));
        }
    }

    @Command(name = "pause", description = "Pause a rule: deliveries no longer fire it.")
    static final class Pause extends WriteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT")
        String reason;

        @Override
        public Integer call() {
            ObjectNode body = body();
            if (reason != null) {
                body.put("reason", reason);
            }
            printAccepted(client().postJson("/api/triggers/" + ApiClient.segment(id) + "/pause", body), "paused trigger " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "resume", description = "Resume a paused rule.")
    static final class Resume extends WriteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            printAccepted(client().postJson("/api/triggers/" + ApiClient.segment(id) + "/resume", body()), "resumed trigger " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete a rule.")
    static final class Delete extends WriteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            printAccepted(client().sendJson("DELETE", "/api/triggers/" + ApiClient.segment(id), body()), "deleted trigger " + id);
            return ExitCodes.OK;
        }
    }
}
