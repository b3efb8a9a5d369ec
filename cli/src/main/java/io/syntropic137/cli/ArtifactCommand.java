package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code syn artifact ...}: what the phases produced. */
@Command(name = "artifact", description = "List artifacts, show one, print or save its content.",
        subcommands = {ArtifactCommand.ListArtifacts.class, ArtifactCommand.Show.class, ArtifactCommand.Content.class,
                ArtifactChangeCommands.Create.class, ArtifactChangeCommands.Update.class, ArtifactChangeCommands.Delete.class})
final class ArtifactCommand extends CommandGroup {

    @Command(name = "list", description = "List the artifacts of an execution.")
    static final class ListArtifacts extends ApiCommand implements Callable<Integer> {
        @Option(names = "--execution", paramLabel = "ID", required = true)
        String execution;

        @Option(names = "--phase", paramLabel = "PHASE", description = "only this phase's artifacts")
        String phase;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/artifacts", ApiClient.query("execution", execution, "phase", phase));
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("ARTIFACT", "PHASE", "TITLE", "TYPE", "BYTES", "CREATED");
            list.path("items").forEach(a -> table.row(Formats.text(a, "artifactId"), Formats.text(a, "phaseId"),
                    Formats.text(a, "title"), Formats.text(a, "contentType"), a.path("sizeBytes").asLong(),
                    Formats.text(a, "createdAt")));
            table.print(out());
            PageOptions.printMore(out(), list);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show an artifact's metadata.")
    static final class Show extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode a = client().get("/api/artifacts/" + ApiClient.segment(id));
            if (json()) {
                printJson(a);
                return ExitCodes.OK;
            }
            for (String field : new String[] {"artifactId", "executionId", "phaseId", "title", "type", "contentType",
                    "sizeBytes", "sha256", "createdAt"}) {
                out().println(String.format("%-12s %s", field, a.hasNonNull(field) ? a.get(field).asText() : "-"));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "content", description = "Print an artifact's content (or save it with -o).")
    static final class Content extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to this file instead of stdout")
        Path output;

        @Override
        public Integer call() throws IOException {
            try (InputStream in = client().getStream("/api/artifacts/" + ApiClient.segment(id) + "/content")) {
                if (output != null) {
                    Files.copy(in, output, StandardCopyOption.REPLACE_EXISTING);
                    err().println("wrote " + Files.size(output) + " bytes to " + output);
                    err().flush();
                } else {
                    // raw bytes: content may be binary, so it bypasses the text writer
                    out().flush();
                    OutputStream stdout = System.out;
                    in.transferTo(stdout);
                    stdout.flush();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return ExitCodes.OK;
        }
    }
}
