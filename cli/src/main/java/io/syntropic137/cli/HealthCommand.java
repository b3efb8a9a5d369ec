package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code syn health}: is the server up, and is anything degraded. */
@Command(name = "health", description = "Show the server's health (exit 1 unless it is up).")
final class HealthCommand extends ApiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        JsonNode health;
        try {
            health = client().get("/api/health");
        } catch (ApiProblemException e) {
            // 503 carries the health document too: show it rather than only the status
            if (e.status() == 503 && e.problem() != null && e.problem().has("parts")) {
                health = e.problem();
            } else {
                throw e;
            }
        }
        if (json()) {
            printJson(health);
        } else {
            out().println("server   " + client().base() + "  " + health.path("status").asText());
            JsonNode store = health.path("parts").path("eventStore");
            out().println("store    " + store.path("backend").asText() + " " + store.path("status").asText()
                    + (store.has("headPosition") ? " (head " + store.get("headPosition").asLong() + ")" : "")
                    + (store.has("error") ? ": " + store.get("error").asText() : ""));
            JsonNode engine = health.path("parts").path("engine");
            out().println("engine   " + engine.path("running").asInt() + " running, " + engine.path("queued").asInt()
                    + " queued; workspaces " + engine.path("workspaces").asText()
                    + (engine.path("isolated").asBoolean() ? " (isolated)" : " (NOT isolated)"));
            if (engine.has("warning")) {
                out().println("warning  " + engine.get("warning").asText());
            }
            JsonNode telemetry = health.path("parts").path("telemetry");
            if (!telemetry.isMissingNode()) {
                out().printf(java.util.Locale.ROOT, "telemetry %s; %d held of %d (%.1f%%), %d stored, %d dropped%n",
                        telemetry.path("status").asText(), telemetry.path("held").asLong(), telemetry.path("capacity").asLong(),
                        telemetry.path("bufferFill").asDouble() * 100, telemetry.path("stored").asLong(),
                        telemetry.path("dropped").asLong());
                if (telemetry.hasNonNull("warning")) {
                    out().println("warning  " + telemetry.get("warning").asText());
                }
            }
            JsonNode projections = health.path("parts").path("projections");
            if (!projections.isMissingNode()) {
                java.util.Map<String, Integer> states = new java.util.TreeMap<>();
                for (JsonNode p : projections.path("items")) {
                    states.merge(p.path("state").asText().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), 1, Integer::sum);
                }
                out().println("projections " + projections.path("status").asText() + (states.isEmpty() ? "" : "; " + String.join(", ",
                        states.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())));
                if (projections.hasNonNull("warning")) {
                    out().println("warning  " + projections.get("warning").asText());
                }
            }
            out().flush();
        }
        String status = health.path("status").asText();
        return "up".equals(status) || "degraded".equals(status) && health.path("parts").path("eventStore")
                .path("status").asText().equals("up") ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
