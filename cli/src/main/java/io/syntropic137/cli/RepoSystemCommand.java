package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code syn system ...}: systems, groups of an organization's repositories. */
@Command(name = "system", description = "List, create, change and delete systems; assign repositories to them.",
        subcommands = {RepoSystemCommand.ListSystems.class, RepoSystemCommand.Create.class, RepoSystemCommand.Update.class,
                RepoSystemCommand.Delete.class, RepoSystemCommand.Assign.class, RepoSystemCommand.Unassign.class})
final class RepoSystemCommand extends CommandGroup {

    static final Listing LISTING = new Listing("system", "/api/systems", "systemId", RepoSystemCommand::table, RepoSystemCommand::row);

    static Table table() {
        return new Table("SYSTEM", "ORGANIZATION", "NAME", "REPOS", "DESCRIPTION", "CREATED", "DELETED");
    }

    static void row(Table table, JsonNode s) {
        table.row(Formats.text(s, "systemId"), Formats.text(s, "organizationId"), Formats.text(s, "name"),
                s.path("repos").asLong(), Formats.text(s, "description"), Formats.text(s, "createdAt"),
                Formats.text(s, "deletedAt"));
    }

    static String path(String systemId) {
        return "/api/systems/" + ApiClient.segment(systemId);
    }

    @Command(name = "list", description = "List systems.")
    static final class ListSystems extends ApiCommand implements Callable<Integer> {
        @Option(names = "--org", paramLabel = "ID", description = "only this organization's systems")
        String organization;

        @Option(names = "--include-deleted", description = "deleted ones too")
        boolean includeDeleted;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/systems",
                    ApiClient.query("organization", organization, "include_deleted", includeDeleted ? true : null));
            return printPage(list, LISTING);
        }
    }

    /** Prints the system as the list shows it after the change (read with ?after=). */
    abstract static class Change extends WriteCommand {
        int printAfter(String verb, String id, JsonNode accepted) {
            return printAfter(LISTING, verb, id, accepted);
        }
    }

    @Command(name = "create", description = "Create a system in an organization.")
    static final class Create extends Change implements Callable<Integer> {
        @Option(names = "--org", paramLabel = "ID", required = true, description = "the organization it belongs to")
        String organization;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--description", paramLabel = "D")
        String description;

        @Option(names = "--id", paramLabel = "ID", description = "its id (default: one the server makes up)")
        String id;

        @Override
        public Integer call() {
            ObjectNode body = body().put("organizationId", organization).put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            if (id != null) {
                body.put("systemId", id);
            }
            JsonNode accepted = client().postJson("/api/systems", body);
            return printAfter("created", accepted.path("id").asText(), accepted);
        }
    }

    @Command(name = "update", description = "Change a system's name or description.")
    static final class Update extends Change implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--name", paramLabel = "N")
        String name;

        @Option(names = "--description", paramLabel = "D")
        String description;

        @Override
        public Integer call() {
            ObjectNode body = body();
            if (name != null) {
                body.put("name", name);
            }
            if (description != null) {
                body.put("description", description);
            }
            if (body.isEmpty()) {
                throw new SynCli.UserError("nothing to change: give --name and/or --description", ExitCodes.USAGE);
            }
            return printAfter("updated", id, client().sendJson("PATCH", path(id), body));
        }
    }

    @Command(name = "delete", description = "Delete a system.")
    static final class Delete extends WriteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            printAccepted(client().sendJson("DELETE", path(id), body()), "deleted system " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "assign", description = "Assign a repository to a system.")
    static final class Assign extends Change implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SYSTEM")
        String system;

        @Parameters(index = "1", paramLabel = "REPO", description = "the repository id (organization/owner/name)")
        String repo;

        @Override
        public Integer call() {
            JsonNode accepted = client().sendJson("PUT", path(system) + "/repos/" + RepoCommand.idPath(repo), body());
            return printAfter("assigned " + repo + " to", system, accepted);
        }
    }

    @Command(name = "unassign", description = "Take a repository out of a system.")
    static final class Unassign extends Change implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SYSTEM")
        String system;

        @Parameters(index = "1", paramLabel = "REPO", description = "the repository id (organization/owner/name)")
        String repo;

        @Override
        public Integer call() {
            JsonNode accepted = client().sendJson("DELETE", path(system) + "/repos/" + RepoCommand.idPath(repo), body());
            return printAfter("unassigned " + repo + " from", system, accepted);
        }
    }
}
