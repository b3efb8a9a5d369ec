package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code syn projection ...}: where each read model's projection is, and a rebuild of one on demand. */
@Command(name = "projection", description = "List the read models' projections (position, lag, errors); rebuild one.",
        subcommands = {ProjectionCommand.ListProjections.class, ProjectionCommand.Rebuild.class})
final class ProjectionCommand extends CommandGroup {

    @Command(name = "list", description = "Each projection's state, position, lag and the error it is stuck on.")
    static final class ListProjections extends ApiCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode list = client().get("/api/projections");
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "STATE", "POSITION", "LAG", "GENERATION", "REBUILD", "ERROR");
            for (JsonNode p : list.path("items")) {
                table.row(p.path("name").asText(), p.path("state").asText(), p.path("position").asLong(), p.path("lag").asLong(),
                        p.path("generation").asLong(), rebuild(p), p.hasNonNull("lastError") ? p.get("lastError").asText() : "");
            }
            table.print(out());
            out().flush();
            return ExitCodes.OK;
        }

        private static String rebuild(JsonNode p) {
            return p.hasNonNull("rebuildingGeneration")
                    ? "g" + p.get("rebuildingGeneration").asLong() + " at " + p.path("rebuildPosition").asLong() : "";
        }
    }

    @Command(name = "rebuild", description = "Rebuild a projection from the start of the log; queries answer from the "
            + "current tables until the rebuild has caught up and is swapped in.")
    static final class Rebuild extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "the projection (see: syn projection list)")
        String name;

        @Override
        public Integer call() {
            JsonNode started = client().postJson("/api/projections/" + ApiClient.segment(name) + "/rebuild",
                    ApiClient.JSON.createObjectNode());
            if (json()) {
                printJson(started);
            } else {
                out().println("rebuilding " + name + " into generation " + started.path("rebuildingGeneration").asLong()
                        + "; follow it with: syn projection list");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
