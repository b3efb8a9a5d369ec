package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;

/**
 * {@code syn artifact create|update|delete} (registered under {@code artifact}). Create and update print the
 * artifact's metadata after the change, read with {@code ?after=}.
 */
final class ArtifactChangeCommands {
    private ArtifactChangeCommands() {
    }

    /** The server's ArtifactType. */
    enum Type { PLAN, CODE, REPORT, TEST_RESULTS, MARKDOWN, JSON, DIFF, LOG, OTHER }

    /** The metadata after a change, as {@code artifact show} prints it. */
    abstract static class Change extends WriteCommand {
        int printAfter(String verb, String id, JsonNode accepted) {
            JsonNode artifact = client().get(after("/api/artifacts/" + ApiClient.segment(id), ApiClient.query(), accepted));
            if (json()) {
                printJson(artifact);
                return ExitCodes.OK;
            }
            out().println(verb + " artifact " + id);
            Details details = new Details(out(), 12);
            for (String field : new String[] {"artifactId", "executionId", "phaseId", "title", "type", "contentType",
                    "sizeBytes", "sha256", "primaryDeliverable", "createdAt"}) {
                details.field(artifact, field);
            }
            details.done();
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", description = "Create an artifact of a phase from a file or a text.")
    static final class Create extends Change implements Callable<Integer> {
        @Option(names = "--execution", paramLabel = "ID", required = true)
        String execution;

        @Option(names = "--phase", paramLabel = "P", required = true)
        String phase;

        @Option(names = "--title", paramLabel = "T", required = true)
        String title;

        @Option(names = "--type", paramLabel = "TYPE", required = true, description = "one of ${COMPLETION-CANDIDATES}")
        Type type;

        @Option(names = "--content-type", paramLabel = "C",
                description = "its media type (default: text/plain for --text, guessed from the file's name, else application/octet-stream)")
        String contentType;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Content content;

        static final class Content {
            @Option(names = "--file", paramLabel = "F", required = true, description = "the content: this file's bytes")
            Path file;

            @Option(names = "--text", paramLabel = "T", required = true, description = "the content: this text")
            String text;
        }

        @Option(names = "--primary", description = "the phase's primary deliverable")
        boolean primary;

        @Override
        public Integer call() {
            ObjectNode body = body().put("executionId", execution).put("phaseId", phase).put("title", title)
                    .put("type", type.name()).put("primaryDeliverable", primary);
            if (content.text != null) {
                body.put("content", content.text).put("contentType", contentType != null ? contentType : "text/plain");
            } else {
                body.put("contentBase64", Base64.getEncoder().encodeToString(read(content.file)))
                        .put("contentType", contentType != null ? contentType : guess(content.file));
            }
            JsonNode accepted = client().postJson("/api/artifacts", body);
            return printAfter("created", accepted.path("id").asText(), accepted);
        }

        private static byte[] read(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new SynCli.UserError("cannot read " + file + ": " + e, ExitCodes.FAILED);
            }
        }

        private static String guess(Path file) {
            String name = file.getFileName().toString();
            if (name.endsWith(".md")) {
                return "text/markdown"; // not every JDK knows it
            }
            try {
                String probed = Files.probeContentType(file);
                return probed != null ? probed : "application/octet-stream";
            } catch (IOException e) {
                return "application/octet-stream";
            }
        }
    }

    @Command(name = "update", description = "Change an artifact's title, type or whether it is the primary deliverable.")
    static final class Update extends Change implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--title", paramLabel = "T")
        String title;

        @Option(names = "--type", paramLabel = "TYPE", description = "one of ${COMPLETION-CANDIDATES}")
        Type type;

        @Option(names = "--primary", paramLabel = "true|false", arity = "1")
        Boolean primary;

        @Override
        public Integer call() {
            ObjectNode body = body();
            if (title != null) {
                body.put("title", title);
            }
            if (type != null) {
                body.put("type", type.name());
            }
            if (primary != null) {
                body.put("primaryDeliverable", primary);
            }
            if (body.isEmpty()) {
                throw new SynCli.UserError("nothing to change: give --title, --type and/or --primary", ExitCodes.USAGE);
            }
            JsonNode accepted = client().sendJson("PATCH", "/api/artifacts/" + ApiClient.segment(id), body);
            return printAfter("updated", id, accepted);
        }
    }

    @Command(name = "delete", description = "Delete an artifact (soft: it stays in history and lineage).")
    static final class Delete extends WriteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--reason", paramLabel = "R")
        String reason;

        @Override
        public Integer call() {
            ObjectNode body = body();
            if (reason != null) {
                body.put("reason", reason);
            }
            printAccepted(client().sendJson("DELETE", "/api/artifacts/" + ApiClient.segment(id), body), "deleted artifact " + id);
            return ExitCodes.OK;
        }
    }
}
