package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code syn workflow update-phase|archive}: changes to a workflow that exists (registered under {@code workflow}). */
final class WorkflowChangeCommands {
    private WorkflowChangeCommands() {
    }

    @Command(name = "update-phase", description = "Change a phase's prompt, model, timeout or allowed tools; prints the phase after.")
    static final class UpdatePhase extends WriteCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "the workflow id")
        String id;

        @Parameters(index = "1", paramLabel = "PHASE", description = "the phase id")
        String phase;

        @ArgGroup(exclusive = true)
        Prompt prompt;

        static final class Prompt {
            @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "the new prompt template")
            String text;

            @Option(names = "--prompt-file", paramLabel = "FILE", required = true, description = "read the new prompt template from a file")
            Path file;
        }

        @Option(names = "--model", paramLabel = "M")
        String model;

        @Option(names = "--timeout", paramLabel = "SECONDS")
        Integer timeoutSeconds;

        @Option(names = "--allowed-tools", paramLabel = "TOOL", split = ",", description = "the tools the agent may use: a,b,c")
        List<String> allowedTools;

        @Override
        public Integer call() {
            ObjectNode body = body();
            if (prompt != null) {
                body.put("prompt", prompt.text != null ? prompt.text : read(prompt.file));
            }
            if (model != null) {
                body.put("model", model);
            }
            if (timeoutSeconds != null) {
                body.put("timeoutSeconds", timeoutSeconds);
            }
            if (allowedTools != null) {
                allowedTools.forEach(body.putArray("allowedTools")::add);
            }
            if (body.isEmpty()) {
                throw new SynCli.UserError("nothing to change: give --prompt/--prompt-file, --model, --timeout and/or --allowed-tools",
                        ExitCodes.USAGE);
            }
            String workflow = "/api/workflows/" + ApiClient.segment(id);
            JsonNode accepted = client().sendJson("PATCH", workflow + "/phases/" + ApiClient.segment(phase), body);
            JsonNode detail = client().get(after(workflow, ApiClient.query(), accepted));
            JsonNode changed = null;
            for (JsonNode p : detail.path("phases")) {
                if (phase.equals(p.path("phaseId").asText())) {
                    changed = p;
                }
            }
            if (json()) {
                printJson(changed == null ? accepted : changed);
                return ExitCodes.OK;
            }
            out().println("updated phase " + phase + " of workflow " + id);
            if (changed != null) {
                new Details(out(), 13).field(changed, "phaseId").field(changed, "model")
                        .line("timeout", changed.path("timeoutSeconds").asInt() + "s")
                        .line("allowed tools", changed.path("allowedTools").isArray() ? join(changed.get("allowedTools")) : "-")
                        .line("prompt", firstLine(Formats.text(changed, "prompt")))
                        .done();
            }
            return ExitCodes.OK;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SynCli.UserError("cannot read the prompt file " + file + ": " + e, ExitCodes.FAILED);
            }
        }

        private static String join(JsonNode array) {
            StringBuilder joined = new StringBuilder();
            array.forEach(t -> joined.append(joined.isEmpty() ? "" : ", ").append(t.asText()));
            return joined.isEmpty() ? "-" : joined.toString();
        }

        private static String firstLine(String text) {
            if (text == null) {
                return null;
            }
            int newline = text.indexOf('\n');
            return newline < 0 ? text : text.substring(0, newline) + " …";
        }
    }

    @Command(name = "archive", aliases = "delete", description = "Archive a workflow: no new runs (refused while runs "
            + "are unfinished). `delete` is the same: a workflow's history stays in the event log.")
    static final class Archive extends WriteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the workflow id")
        String id;

        @Override
        public Integer call() {
            JsonNode accepted = client().postJson("/api/workflows/" + ApiClient.segment(id) + "/archive", body());
            printAccepted(accepted, "archived workflow " + id);
            return ExitCodes.OK;
        }
    }

    /** {@code syn workflow status ID}: the brief's name for a workflow's run figures, shared with {@code metrics workflow}. */
    @Command(name = "status", description = "A workflow's runs: counts, running, last run, per-phase figures.")
    static final class Status extends MetricsCommand.OfWorkflow {
    }
}
