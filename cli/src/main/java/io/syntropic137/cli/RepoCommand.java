package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code syn repo ...}: an organization's registered repositories, their health and executions. A repository's id is
 * {@code organization/owner/name}; its slashes stay slashes in the path (the server's route takes the rest of it).
 */
@Command(name = "repo", description = "List, register, change and deregister repositories; their health and executions.",
        subcommands = {RepoCommand.ListRepos.class, RepoCommand.Register.class, RepoCommand.Update.class,
                RepoCommand.Deregister.class, RepoCommand.Health.class, RepoCommand.Executions.class})
final class RepoCommand extends CommandGroup {

    /** Where the repository is hosted (the server's RepoProvider). */
    enum Provider { GITHUB, GITLAB, BITBUCKET, OTHER }

    /** The repository id as a path: each part encoded on its own, the slashes between them kept. */
    static String idPath(String repoId) {
        return Arrays.stream(repoId.split("/", -1)).map(ApiClient::segment).collect(Collectors.joining("/"));
    }

    static final Listing LISTING = new Listing("repository", "/api/repos", "repoId", RepoCommand::table, RepoCommand::row);

    static Table table() {
        return new Table("REPO", "PROVIDER", "NAME", "BRANCH", "PRIVATE", "SYSTEM", "CREATED", "DEREGISTERED");
    }

    static void row(Table table, JsonNode r) {
        table.row(Formats.text(r, "repoId"), Formats.text(r, "provider"), Formats.text(r, "fullName"),
                Formats.text(r, "defaultBranch"), r.path("privateRepo").asBoolean() ? "yes" : "no",
                Formats.text(r, "systemId"), Formats.text(r, "createdAt"), Formats.text(r, "deregisteredAt"));
    }

    @Command(name = "list", description = "List registered repositories.")
    static final class ListRepos extends ApiCommand implements Callable<Integer> {
        @Option(names = "--org", paramLabel = "ID", description = "only this organization's repositories")
        String organization;

        @Option(names = "--system", paramLabel = "ID", description = "only the repositories of this system")
        String system;

        @Option(names = "--include-deregistered", description = "deregistered ones too")
        boolean includeDeregistered;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/repos", ApiClient.query("organization", organization, "system", system,
                    "include_deregistered", includeDeregistered ? true : null));
            return printPage(list, LISTING);
        }
    }

    /** Prints the repository as the list shows it after the change (read with ?after=). */
    abstract static class Change extends WriteCommand {
        int printAfter(String verb, String id, JsonNode accepted) {
            return printAfter(LISTING, verb, id, accepted);
        }
    }

    @Command(name = "register", description = "Register a repository in an organization.")
    static final class Register extends Change implements Callable<Integer> {
        @Option(names = "--org", paramLabel = "ID", required = true, description = "the organization it belongs to")
        String organization;

        @Option(names = "--provider", paramLabel = "P", required = true, description = "one of ${COMPLETION-CANDIDATES}")
        Provider provider;

        @Option(names = "--name", paramLabel = "OWNER/NAME", required = true, description = "its full name, e.g. acme/api")
        String fullName;

        @Option(names = "--branch", paramLabel = "B", defaultValue = "main", description = "default branch (default ${DEFAULT-VALUE})")
        String branch;

        @Option(names = "--private", description = "a private repository")
        boolean privateRepo;

        @Option(names = "--installation", paramLabel = "ID", description = "the provider's app installation id")
        String installation;

        @Override
        public Integer call() {
            ObjectNode body = body().put("organizationId", organization).put("provider", provider.name())
                    .put("fullName", fullName).put("defaultBranch", branch).put("privateRepo", privateRepo);
            if (installation != null) {
                body.put("installationId", installation);
            }
            JsonNode accepted = client().postJson("/api/repos", body);
            return printAfter("registered", accepted.path("id").asText(), accepted);
        }
    }

    @Command(name = "update", description = "Change a repository's default branch, installation or visibility.")
    static final class Update extends Change implements Callable<Integer> {
        @Parameters(paramLabel = "REPO", description = "the repository id (organization/owner/name)")
        String id;

        @Option(names = "--branch", paramLabel = "B")
        String branch;

        @Option(names = "--installation", paramLabel = "ID")
        String installation;

        @Option(names = "--private", paramLabel = "true|false", arity = "1")
        Boolean privateRepo;

        @Override
        public Integer call() {
            ObjectNode body = body();
            if (branch != null) {
                body.put("defaultBranch", branch);
            }
            if (installation != null) {
                body.put("installationId", installation);
            }
            if (privateRepo != null) {
                body.put("privateRepo", privateRepo);
            }
            if (body.isEmpty()) {
                throw new SynCli.UserError("nothing to change: give --branch, --installation and/or --private", ExitCodes.USAGE);
            }
            return printAfter("updated", id, client().sendJson("PATCH", "/api/repos/" + idPath(id), body));
        }
    }

    @Command(name = "deregister", description = "Deregister a repository (it can be registered again).")
    static final class Deregister extends WriteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "REPO", description = "the repository id (organization/owner/name)")
        String id;

        @Override
        public Integer call() {
            printAccepted(client().sendJson("DELETE", "/api/repos/" + idPath(id), body()), "deregistered repository " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "health", description = "Per repository that runs used: runs, success rate, last run.")
    static final class Health extends ApiCommand implements Callable<Integer> {
        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/repos/health", ApiClient.query());
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("REPO", "STARTED", "COMPLETED", "FAILED", "SUCCESS", "LAST EXECUTION", "LAST STATUS", "LAST RUN");
            list.path("items").forEach(h -> {
                JsonNode runs = h.path("runs");
                table.row(Formats.text(h, "repo"), runs.path("started").asLong(), runs.path("completed").asLong(),
                        runs.path("failed").asLong(), Details.rate(runs.get("successRate")), Formats.text(h, "lastExecutionId"),
                        Formats.text(h, "lastStatus"), Formats.text(h, "lastRunAt"));
            });
            table.print(out());
            PageOptions.printMore(out(), list);
            return ExitCodes.OK;
        }
    }

    @Command(name = "executions", description = "The executions that ran on a repository, newest first.")
    static final class Executions extends ApiCommand implements Callable<Integer> {
        @Parameters(paramLabel = "REPO", description = "the repository as runs name it (e.g. a URL or owner/name)")
        String repo;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            JsonNode list = page.fetch(client(), "/api/repos/executions", ApiClient.query("repo", repo));
            if (json()) {
                printJson(list);
                return ExitCodes.OK;
            }
            Table table = new Table("EXECUTION", "WORKFLOW", "STATUS", "STARTED", "FINISHED");
            list.path("items").forEach(e -> table.row(Formats.text(e, "executionId"), Formats.text(e, "templateId"),
                    Formats.text(e, "status"), Formats.text(e, "startedAt"), Formats.text(e, "finishedAt")));
            table.print(out());
            PageOptions.printMore(out(), list);
            return ExitCodes.OK;
        }
    }
}
