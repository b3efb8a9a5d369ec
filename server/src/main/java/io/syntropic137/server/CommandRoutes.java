package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.artifacts.Artifact;
import io.syntropic137.domain.artifacts.ArtifactCommand;
import io.syntropic137.domain.github.SafetyConfig;
import io.syntropic137.domain.github.TriggerCommand;
import io.syntropic137.domain.github.TriggerPreset;
import io.syntropic137.domain.github.TriggerRule;
import io.syntropic137.domain.organization.Organization;
import io.syntropic137.domain.organization.OrganizationCommand;
import io.syntropic137.domain.organization.Repo;
import io.syntropic137.domain.organization.RepoCommand;
import io.syntropic137.domain.organization.RepoSystem;
import io.syntropic137.domain.organization.SystemCommand;
import io.syntropic137.domain.orchestration.ExecutionStateMachine;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.TemplateCommand;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Command;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.engine.port.ContentStore;
import io.syntropic137.projections.readmodels.ReadModels;
import io.syntropic137.projections.readmodels.executions.ExecutionFilter;
import io.syntropic137.projections.readmodels.executions.ExecutionQueries;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Commands that are not about running workflows: change or archive a workflow's phase, create/update/delete artifacts,
 * organizations, systems, repositories and trigger rules. A JSON body carries the command's fields (camelCase, as in
 * docs/events.md); ids come from the path, the time from the server's clock. Unknown fields are refused, not ignored.
 * Repository ids contain slashes ({@code org/owner/name}), so their path parameters take the rest of the path.
 */
final class CommandRoutes {
    private final CommandHandler commands;
    private final ContentStore content;
    private final ReadModels.Queries queries;
    private final Clock clock;

    private CommandRoutes(CommandHandler commands, ContentStore content, ReadModels.Queries queries, Clock clock) {
        this.commands = commands;
        this.content = content;
        this.queries = queries;
        this.clock = clock;
    }

    static void register(RoutesConfig routes, CommandHandler commands, ContentStore content, ReadModels.Queries queries,
                         Clock clock) {
        var r = new CommandRoutes(commands, content, queries, clock);
        routes.patch("/api/workflows/{id}/phases/{phase}", ctx -> r.send(ctx, WorkflowTemplate.TYPE,
                TemplateCommand.UpdatePhase.class, Map.of("templateId", ctx.pathParam("id"), "phaseId", ctx.pathParam("phase")), 202));
        routes.post("/api/workflows/{id}/archive", r::archive);
        routes.post("/api/artifacts", r::createArtifact);
        routes.patch("/api/artifacts/{id}", ctx -> r.send(ctx, Artifact.TYPE, ArtifactCommand.UpdateArtifactMetadata.class,
                Map.of("artifactId", ctx.pathParam("id")), 202));
        routes.delete("/api/artifacts/{id}", ctx -> r.send(ctx, Artifact.TYPE, ArtifactCommand.DeleteArtifact.class,
                Map.of("artifactId", ctx.pathParam("id")), 202));
        routes.post("/api/organizations", ctx -> r.send(ctx, Organization.TYPE, OrganizationCommand.CreateOrganization.class,
                Map.of("organizationId", r.idOr(ctx, "organizationId", "org")), 201));
        routes.patch("/api/organizations/{id}", ctx -> r.send(ctx, Organization.TYPE, OrganizationCommand.UpdateOrganization.class,
                Map.of("organizationId", ctx.pathParam("id")), 202));
        routes.delete("/api/organizations/{id}", ctx -> r.send(ctx, Organization.TYPE, OrganizationCommand.DeleteOrganization.class,
                Map.of("organizationId", ctx.pathParam("id")), 202));
        routes.post("/api/systems", ctx -> r.send(ctx, RepoSystem.TYPE, SystemCommand.CreateSystem.class,
                Map.of("systemId", r.idOr(ctx, "systemId", "sys")), 201));
        routes.patch("/api/systems/{id}", ctx -> r.send(ctx, RepoSystem.TYPE, SystemCommand.UpdateSystem.class,
                Map.of("systemId", ctx.pathParam("id")), 202));
        routes.delete("/api/systems/{id}", ctx -> r.send(ctx, RepoSystem.TYPE, SystemCommand.DeleteSystem.class,
                Map.of("systemId", ctx.pathParam("id")), 202));
        routes.put("/api/systems/{id}/repos/<repo>", ctx -> r.send(ctx, RepoSystem.TYPE, SystemCommand.AssignRepoToSystem.class,
                Map.of("systemId", ctx.pathParam("id"), "repoId", ctx.pathParam("repo")), 202));
        routes.delete("/api/systems/{id}/repos/<repo>", ctx -> r.send(ctx, RepoSystem.TYPE, SystemCommand.UnassignRepoFromSystem.class,
                Map.of("systemId", ctx.pathParam("id"), "repoId", ctx.pathParam("repo")), 202));
        routes.post("/api/repos", ctx -> r.send(ctx, Repo.TYPE, RepoCommand.RegisterRepo.class, Map.of(), 201));
        routes.patch("/api/repos/<id>", ctx -> r.send(ctx, Repo.TYPE, RepoCommand.UpdateRepo.class,
                Map.of("repoId", ctx.pathParam("id")), 202));
        routes.delete("/api/repos/<id>", ctx -> r.send(ctx, Repo.TYPE, RepoCommand.DeregisterRepo.class,
                Map.of("repoId", ctx.pathParam("id")), 202));
        routes.get("/api/trigger-presets", CommandRoutes::presets);
        routes.post("/api/triggers", r::registerTrigger);
        routes.patch("/api/triggers/{id}", ctx -> r.send(ctx, TriggerRule.TYPE, TriggerCommand.UpdateTrigger.class,
                Map.of("triggerId", ctx.pathParam("id")), 202));
        routes.post("/api/triggers/{id}/pause", ctx -> r.send(ctx, TriggerRule.TYPE, TriggerCommand.PauseTrigger.class,
                Map.of("triggerId", ctx.pathParam("id")), 202));
        routes.post("/api/triggers/{id}/resume", ctx -> r.send(ctx, TriggerRule.TYPE, TriggerCommand.ResumeTrigger.class,
                Map.of("triggerId", ctx.pathParam("id")), 202));
        routes.delete("/api/triggers/{id}", ctx -> r.send(ctx, TriggerRule.TYPE, TriggerCommand.DeleteTrigger.class,
                Map.of("triggerId", ctx.pathParam("id")), 202));
    }

    /** The ready-made rules, with the names {@code POST /api/triggers} accepts as {@code preset}. */
    private static void presets(Context ctx) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TriggerPreset preset : TriggerPreset.values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("preset", preset.name().toLowerCase(Locale.ROOT));
            p.put("event", preset.event());
            p.put("conditions", preset.conditions());
            p.put("inputMapping", preset.inputMapping());
            p.put("safety", SafetyConfig.DEFAULTS);
            out.add(p);
        }
        Api.json(ctx, 200, Map.of("items", out));
    }

    /**
     * A rule from its fields, or from {@code "preset"} (its event, conditions and input mapping; the body's own
     * fields override them).
     */
    private void registerTrigger(Context ctx) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body == null) {
            return;
        }
        ObjectNode fields = ((ObjectNode) body).deepCopy();
        JsonNode presetName = fields.remove("preset");
        if (presetName != null && !presetName.isNull()) {
            TriggerPreset preset;
            try {
                preset = TriggerPreset.valueOf(presetName.asText().strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                Server.problem(ctx, 422, "invalid-input", "Invalid input", "preset '" + presetName.asText()
                        + "' does not exist; presets: " + java.util.Arrays.stream(TriggerPreset.values())
                        .map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
                return;
            }
            if (!fields.hasNonNull("event")) {
                fields.put("event", preset.event());
            }
            if (!fields.hasNonNull("conditions")) {
                fields.set("conditions", Api.JSON.valueToTree(preset.conditions()));
            }
            if (!fields.hasNonNull("inputMapping")) {
                fields.set("inputMapping", Api.JSON.valueToTree(preset.inputMapping()));
            }
        }
        if (!fields.hasNonNull("triggerId")) {
            fields.put("triggerId", "trg-" + UUID.randomUUID().toString().substring(0, 8));
        }
        fields.put("at", clock.instant().toString());
        TriggerCommand.RegisterTrigger command;
        try {
            command = Api.JSON.treeToValue(fields, TriggerCommand.RegisterTrigger.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Server.problem(ctx, 422, "invalid-input", "Invalid input", "the body does not fit a trigger rule: "
                    + e.getOriginalMessage());
            return;
        }
        answer(ctx, TriggerRule.TYPE, command, 201);
    }

    /** The id given in the body, or a fresh one: creating needs an id the caller can use right away. */
    private String idOr(Context ctx, String field, String prefix) {
        JsonNode body = bodyOrEmpty(ctx);
        String given = Api.text(body, field);
        return given != null ? given : prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode bodyOrEmpty(Context ctx) {
        try {
            return ctx.body().isBlank() ? Api.JSON.createObjectNode() : Api.JSON.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Api.JSON.createObjectNode();
        }
    }

    private <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> void send(
            Context ctx, AggregateType<S, C, E> type, Class<? extends C> commandType, Map<String, String> fromPath,
            int successStatus) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body == null) {
            return;
        }
        ObjectNode fields = ((ObjectNode) body).deepCopy();
        fromPath.forEach(fields::put);
        fields.put("at", clock.instant().toString());
        C command;
        try {
            command = Api.JSON.treeToValue(fields, commandType);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Server.problem(ctx, 422, "invalid-input", "Invalid input", "the body does not fit "
                    + commandType.getSimpleName() + ": " + e.getOriginalMessage());
            return;
        }
        answer(ctx, type, command, successStatus);
    }

    private <S extends Aggregate<S, C, E>, C extends Command, E extends DomainEvent> void answer(
            Context ctx, AggregateType<S, C, E> type, C command, int successStatus) throws Exception {
        switch (commands.handle(type, command, CommandContext.by(WorkflowRoutes.actor(ctx)))) {
            case CommandOutcome.Accepted<E> a -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", command.aggregateId());
                out.put("position", a.position());
                Api.json(ctx, successStatus, out);
            }
            case CommandOutcome.Rejected<E> rejected -> Api.refused(ctx, rejected.rejection());
            case CommandOutcome.Contended<E> contended -> {
                ctx.header("Retry-After", "1");
                Server.problem(ctx, 503, "busy", "Busy", "the " + type.name() + " kept changing under this request; send it again");
            }
        }
    }

    /** Archiving is refused while runs of the workflow are unfinished; the read model counts them. */
    private void archive(Context ctx) throws Exception {
        String id = ctx.pathParam("id");
        int active = 0;
        for (ExecutionStatus status : ExecutionStatus.values()) {
            if (!ExecutionStateMachine.isTerminal(status)) {
                active += queries.executions().list(new ExecutionFilter(status, id, null), ExecutionQueries.Sort.NEWEST_FIRST,
                        new PageRequest(PageRequest.MAX_LIMIT, null)).items().size();
            }
        }
        answer(ctx, WorkflowTemplate.TYPE, new TemplateCommand.ArchiveWorkflowTemplate(id, active, clock.instant()), 202);
    }

    /**
     * {@code {"executionId", "phaseId", "title", "type", "contentType", "content" | "contentBase64", "primaryDeliverable",
     * "derivedFrom"}}: the content goes to the content store, the artifact records its hash, size and address.
     */
    private void createArtifact(Context ctx) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body == null) {
            return;
        }
        byte[] bytes;
        if (body.hasNonNull("content")) {
            bytes = body.get("content").asText().getBytes(StandardCharsets.UTF_8);
        } else if (body.hasNonNull("contentBase64")) {
            try {
                bytes = Base64.getDecoder().decode(body.get("contentBase64").asText());
            } catch (IllegalArgumentException e) {
                Server.problem(ctx, 422, "invalid-input", "Invalid input", "contentBase64 is not base64: " + e.getMessage());
                return;
            }
        } else {
            Server.problem(ctx, 422, "invalid-input", "Invalid input", "give the artifact's content as content (text) or contentBase64");
            return;
        }
        ContentStore.StoredContent stored = content.put(bytes);
        ObjectNode fields = ((ObjectNode) body).deepCopy();
        fields.remove("content");
        fields.remove("contentBase64");
        if (!fields.hasNonNull("artifactId")) {
            fields.put("artifactId", "art-" + UUID.randomUUID());
        }
        fields.put("sizeBytes", stored.sizeBytes());
        fields.put("sha256", stored.sha256());
        fields.put("storageUri", stored.uri());
        fields.put("at", clock.instant().toString());
        ArtifactCommand.CreateArtifact command;
        try {
            command = Api.JSON.treeToValue(fields, ArtifactCommand.CreateArtifact.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Server.problem(ctx, 422, "invalid-input", "Invalid input", "the body does not fit an artifact: " + e.getOriginalMessage());
            return;
        }
        answer(ctx, Artifact.TYPE, command, 201);
    }
}
