package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code syn workflow ...}: workflow templates (create, validate, list, show) and starting runs of them. */
@Command(name = "workflow", description = "Create, validate, list, show and run workflows.",
        subcommands = {WorkflowCommand.Create.class, WorkflowCommand.Validate.class, WorkflowCommand.ListWorkflows.class,
                WorkflowCommand.Show.class, WorkflowCommand.Run.class,
                WorkflowChangeCommands.UpdatePhase.class, WorkflowChangeCommands.Archive.class,
                WorkflowChangeCommands.Status.class})
final class WorkflowCommand extends CommandGroup {

    @Command(name = "create", description = "Create a workflow from a definition file or a package directory.")
    static final class Create extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|DIR", description = "workflow.yaml / .json, or a package directory holding one")
        Path source;

        @Override
        public Integer call() {
            WorkflowSource workflow = WorkflowSource.read(source);
            JsonNode created;
            try {
                created = client().postText("/api/workflows", workflow.contentType(), workflow.body());
            } catch (ApiProblemException e) {
                if (e.status() == 422 && e.problem() != null && e.problem().has("problems")) {
                    e.problem().get("problems").forEach(p -> err().println(workflow.describe(p)));
                    err().println("error: invalid workflow definition (" + e.problem().get("problems").size() + " problem(s))");
                    err().flush();
                    return ExitCodes.FAILED;
                }
                throw e;
            }
            if (json()) {
                printJson(created);
            } else {
                out().println("created workflow " + created.path("id").asText());
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", description = "Check a definition without creating it; each problem as file:line:col.")
    static final class Validate extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|DIR", description = "workflow.yaml / .json, or a package directory holding one")
        Path source;

        @Override
        public Integer call() {
            WorkflowSource workflow = WorkflowSource.read(source);
            JsonNode answer = client().postText("/api/workflows/validate", workflow.contentType(), workflow.body());
            boolean valid = answer.path("valid").asBoolean();
            if (!valid) {
                workflow.relocate(answer.path("problems"));
            }
            if (json()) {
                printJson(answer);
            } else if (valid) {
                out().println("valid: workflow " + answer.path("id").asText() + " with " + answer.path("phases").asInt()
                        + " phase(s)");
            } else {
                answer.path("problems").forEach(p -> out().println(workflow.describe(p)));
                err().println("invalid: " + answer.path("problems").size() + " problem(s)");
                err().flush();
            }
            out().flush();
            return valid ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "list", description = "List workflows by name.")
    static final class ListWorkflows extends ApiCommand implements Callable<Integer> {
        @Mixin
        PageOptions page;

        @Option(names = "--name", paramLabel = "TEXT", description = "only names containing this")
        String name;

        @Option(names = "--archived", description = "include archived workflows")
        boolean archived;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/workflows",
                    ApiClient.query("name", name, "include_archived", archived ? "true" : null));
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("ID", "NAME", "TYPE", "PHASES", "CREATED");
            list.path("items").forEach(w -> table.row(Formats.text(w, "templateId"), Formats.text(w, "name"),
                    Formats.text(w, "type"), w.path("phaseCount").asInt(), Formats.text(w, "createdAt")));
            table.print(out());
            PageOptions.printMore(out(), list);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show a workflow: its inputs and phases.")
    static final class Show extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode detail = client().get("/api/workflows/" + ApiClient.segment(id));
            if (json()) {
                printJson(detail);
                return ExitCodes.OK;
            }
            JsonNode s = detail.path("summary");
            out().println("workflow  " + Formats.text(s, "templateId") + "  (" + Formats.text(s, "name") + ")");
            out().println("type      " + Formats.text(s, "type") + (s.path("archived").asBoolean() ? "  ARCHIVED" : ""));
            if (s.hasNonNull("repository")) {
                out().println("repo      " + s.get("repository").asText());
            }
            out().println("created   " + Formats.text(s, "createdAt"));
            if (detail.path("inputs").size() > 0) {
                out().println();
                Table inputs = new Table("INPUT", "REQUIRED", "DEFAULT", "DESCRIPTION");
                detail.path("inputs").forEach(i -> inputs.row(Formats.text(i, "name"), i.path("required").asBoolean() ? "yes" : "no",
                        Formats.text(i, "defaultValue"), Formats.text(i, "description")));
                inputs.print(out());
            }
            out().println();
            Table phases = new Table("ORDER", "PHASE", "NAME", "KIND", "MODEL", "TIMEOUT");
            detail.path("phases").forEach(p -> phases.row(p.path("order").asInt(), Formats.text(p, "phaseId"),
                    Formats.text(p, "name"), p.path("settings").path("kind").asText("-"), Formats.text(p, "model"),
                    p.path("timeoutSeconds").asInt() + "s"));
            phases.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", description = "Start a run of a workflow; --watch follows it to the end.")
    static final class Run extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the workflow id")
        String id;

        @Option(names = "--task", paramLabel = "TEXT", required = true, description = "what the run is for ($ARGUMENTS)")
        String task;

        @Option(names = "--input", paramLabel = "NAME=VALUE", description = "a declared input (repeatable)")
        Map<String, String> inputs = new LinkedHashMap<>();

        @Option(names = "--repo", paramLabel = "URL", description = "a repository to work on (repeatable)")
        List<String> repos = List.of();

        @Option(names = "--watch", description = "follow the run live until it ends (exit code as `execution watch`)")
        boolean watch;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            body.put("task", task);
            ObjectNode given = body.putObject("inputs");
            inputs.forEach(given::put);
            body.putArray("repos").addAll(repos.stream().map(r -> ApiClient.JSON.getNodeFactory().textNode(r)).toList());
            JsonNode started = client().postJson("/api/workflows/" + ApiClient.segment(id) + "/runs", body);
            String executionId = started.path("execution_id").asText();
            long position = started.path("position").asLong();
            if (json() && !watch) {
                printJson(started);
                return ExitCodes.OK;
            }
            if (!json()) {
                out().println("started execution " + executionId);
                out().flush();
            }
            if (!watch) {
                return ExitCodes.OK;
            }
            return new ExecutionWatch(client(), executionId, position, out(), json(), ExecutionWatch.Settings.defaults()).run();
        }
    }
}
