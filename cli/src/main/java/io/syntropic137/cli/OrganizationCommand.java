package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code syn org ...}: organizations, which own systems and repositories. */
@Command(name = "org", description = "List, create, rename and delete organizations.",
        subcommands = {OrganizationCommand.ListOrganizations.class, OrganizationCommand.Create.class,
                OrganizationCommand.Rename.class, OrganizationCommand.Delete.class})
final class OrganizationCommand extends CommandGroup {

    static final Listing LISTING = new Listing("organization", "/api/organizations", "organizationId", OrganizationCommand::table, OrganizationCommand::row);

    static Table table() {
        return new Table("ORGANIZATION", "NAME", "SYSTEMS", "REPOS", "CREATED", "DELETED");
    }

    static void row(Table table, JsonNode o) {
        table.row(Formats.text(o, "organizationId"), Formats.text(o, "name"), o.path("systems").asLong(),
                o.path("repos").asLong(), Formats.text(o, "createdAt"), Formats.text(o, "deletedAt"));
    }

    @Command(name = "list", description = "List organizations.")
    static final class ListOrganizations extends ApiCommand implements Callable<Integer> {
        @Option(names = "--include-deleted", description = "deleted ones too")
        boolean includeDeleted;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/organizations",
                    ApiClient.query("include_deleted", includeDeleted ? true : null));
            return printPage(list, LISTING);
        }
    }

    /** Prints the organization as the list shows it after the change (read with ?after=). */
    abstract static class Change extends WriteCommand {
        int printAfter(String verb, String id, JsonNode accepted) {
            return printAfter(LISTING, verb, id, accepted);
        }
    }

    @Command(name = "create", description = "Create an organization.")
    static final class Create extends Change implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--id", paramLabel = "ID", description = "its id (default: one the server makes up)")
        String id;

        @Override
        public Integer call() {
            ObjectNode body = body().put("name", name);
            if (id != null) {
                body.put("organizationId", id);
            }
            JsonNode accepted = client().postJson("/api/organizations", body);
            return printAfter("created", accepted.path("id").asText(), accepted);
        }
    }

    @Command(name = "rename", description = "Rename an organization.")
    static final class Rename extends Change implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode accepted = client().sendJson("PATCH", "/api/organizations/" + ApiClient.segment(id), body().put("name", name));
            return printAfter("renamed", id, accepted);
        }
    }

    @Command(name = "delete", description = "Delete an organization.")
    static final class Delete extends WriteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode accepted = client().sendJson("DELETE", "/api/organizations/" + ApiClient.segment(id), body());
            printAccepted(accepted, "deleted organization " + id);
            return ExitCodes.OK;
        }
    }
}
