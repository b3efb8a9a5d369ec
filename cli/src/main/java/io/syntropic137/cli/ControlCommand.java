package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code syn control ...}: steer a running execution. Each command prints the control state after it, read with
 * {@code ?after=<position>} so it already shows the command's effect.
 */
@Command(name = "control", description = "Pause, resume, cancel, retry, approve or reject; show the control state.",
        subcommands = {ControlCommand.Pause.class, ControlCommand.Resume.class, ControlCommand.Cancel.class,
                ControlCommand.Retry.class, ControlCommand.Approve.class, ControlCommand.Reject.class,
                ControlCommand.Status.class})
final class ControlCommand extends CommandGroup {

    /** One control command: POST, then the state it led to. */
    abstract static class Action extends ApiCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "the execution id")
        String id;

        abstract String path();

        abstract ObjectNode body();

        @Override
        public Integer call() {
            JsonNode accepted = client().postJson("/api/executions/" + ApiClient.segment(id) + path(), body());
            JsonNode state = client().get(ApiClient.path("/api/executions/" + ApiClient.segment(id) + "/control",
                    ApiClient.query("after", accepted.path("position").asLong())));
            if (json()) {
                printJson(state);
            } else {
                out().println(spec.name() + ": accepted");
                Status.print(out(), state);
            }
            return ExitCodes.OK;
        }
    }

    abstract static class WithReason extends Action {
        @Option(names = "--reason", paramLabel = "R", description = "why (recorded with the event)")
        String reason;

        @Override
        ObjectNode body() {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            return body;
        }
    }

    @Command(name = "pause", description = "Pause before the next phase.")
    static final class Pause extends WithReason {
        @Override
        String path() {
            return "/pause";
        }
    }

    @Command(name = "cancel", description = "Cancel: stops the running agent and its processes.")
    static final class Cancel extends WithReason {
        @Override
        String path() {
            return "/cancel";
        }
    }

    @Command(name = "resume", description = "Resume a paused execution.")
    static final class Resume extends Action {
        @Override
        String path() {
            return "/resume";
        }

        @Override
        ObjectNode body() {
            return ApiClient.JSON.createObjectNode();
        }
    }

    @Command(name = "retry", description = "Retry a failed or interrupted execution.")
    static final class Retry extends Action {
        @Override
        String path() {
            return "/retry";
        }

        @Override
        ObjectNode body() {
            return ApiClient.JSON.createObjectNode();
        }
    }

    /** Approve or reject an approval phase, with an optional text: the same route shape and body for both. */
    abstract static class PhaseDecision extends Action {
        @Parameters(index = "1", paramLabel = "PHASE")
        String phase;

        private final String decision;
        private final String textField;

        /** {@code decision}: the route's last segment; {@code textField}: the body field that carries {@link #text()}. */
        PhaseDecision(String decision, String textField) {
            this.decision = decision;
            this.textField = textField;
        }

        abstract String text();

        @Override
        String path() {
            return "/phases/" + ApiClient.segment(phase) + "/" + decision;
        }

        @Override
        ObjectNode body() {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            if (text() != null) {
                body.put(textField, text());
            }
            return body;
        }
    }

    @Command(name = "approve", description = "Approve an approval phase that waits for a human.")
    static final class Approve extends PhaseDecision {
        @Option(names = "--comment", paramLabel = "C")
        String comment;

        Approve() {
            super("approve", "comment");
        }

        @Override
        String text() {
            return comment;
        }
    }

    @Command(name = "reject", description = "Reject an approval phase (the execution fails).")
    static final class Reject extends PhaseDecision {
        @Option(names = "--reason", paramLabel = "R")
        String reason;

        Reject() {
            super("reject", "reason");
        }

        @Override
        String text() {
            return reason;
        }
    }

    @Command(name = "status", description = "Show the control state: status, pending pause, allowed actions.")
    static final class Status extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode state = client().get("/api/executions/" + ApiClient.segment(id) + "/control");
            if (json()) {
                printJson(state);
            } else {
                print(out(), state);
            }
            return ExitCodes.OK;
        }

        static void print(java.io.PrintWriter out, JsonNode state) {
            out.println("execution  " + Formats.text(state, "executionId"));
            out.println("status     " + Formats.text(state, "status") + (state.path("pauseRequested").asBoolean()
                    ? "  (pause requested" + (state.hasNonNull("pauseReason") ? ": " + state.get("pauseReason").asText() : "") + ")"
                    : ""));
            if (state.hasNonNull("currentPhaseId")) {
                out.println("phase      " + state.get("currentPhaseId").asText() + " (attempt " + state.path("attempt").asInt() + ")");
            }
            if (!state.path("pauseRequested").asBoolean() && state.hasNonNull("pauseReason")) {
                out.println("paused     " + state.get("pauseReason").asText());
            }
            StringBuilder allowed = new StringBuilder();
            state.path("allowedActions").forEach(a -> allowed.append(allowed.isEmpty() ? "" : ", ")
                    .append(a.asText().toLowerCase(java.util.Locale.ROOT)));
            out.println("allowed    " + (allowed.isEmpty() ? "-" : allowed));
            out.flush();
        }
    }
}
