package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.orchestration.TemplateCommand;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.engine.EngineRejection;
import io.syntropic137.engine.ExecutionEngine;
import io.syntropic137.engine.RunRequest;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.readmodels.workflows.WorkflowQueries;
import io.syntropic137.projections.readmodels.workflows.WorkflowsProjection;
import io.syntropic137.workflows.InvalidWorkflow;
import io.syntropic137.workflows.Problem;
import io.syntropic137.workflows.TemplateMapping;
import io.syntropic137.workflows.WorkflowDefinition;
import io.syntropic137.workflows.WorkflowLoader;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workflows under {@code /api/workflows}: create from a YAML or JSON definition (the body), validate without
 * creating, list, show, and run.
 */
final class WorkflowRoutes {
    private final CommandHandler commands;
    private final WorkflowQueries queries;
    private final ProjectionManager projections;
    private final ExecutionEngine engine;
    private final Clock clock;

    private WorkflowRoutes(CommandHandler commands, WorkflowQueries queries, ProjectionManager projections,
                           ExecutionEngine engine, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.projections = projections;
        this.engine = engine;
        this.clock = clock;
    }

    static void register(RoutesConfig routes, CommandHandler commands, WorkflowQueries queries,
                         ProjectionManager projections, ExecutionEngine engine, Clock clock) {
        var r = new WorkflowRoutes(commands, queries, projections, engine, clock);
        routes.post("/api/workflows", r::create);
        routes.post("/api/workflows/validate", r::validate);
        routes.get("/api/workflows", r::list);
        routes.get("/api/workflows/{id}", r::show);
        routes.post("/api/workflows/{id}/runs", r::run);
    }

    private Result<WorkflowDefinition, InvalidWorkflow> parse(Context ctx) {
        String name = ctx.contentType() != null && ctx.contentType().contains("json") ? "request.json" : "request.yaml";
        return WorkflowLoader.parse(ctx.body(), name);
    }

    private void validate(Context ctx) throws Exception {
        switch (parse(ctx)) {
            case Result.Ok<WorkflowDefinition, InvalidWorkflow> ok ->
                    Api.json(ctx, 200, Map.of("valid", true, "id", ok.value().id(), "phases", ok.value().phases().size()));
            case Result.Err<WorkflowDefinition, InvalidWorkflow> err ->
                    Api.json(ctx, 200, Map.of("valid", false, "problems", problems(err.error())));
        }
    }

    private void create(Context ctx) throws Exception {
        Result<WorkflowDefinition, InvalidWorkflow> parsed = parse(ctx);
        if (parsed instanceof Result.Err<WorkflowDefinition, InvalidWorkflow> err) {
            invalid(ctx, err.error());
            return;
        }
        WorkflowDefinition definition = ((Result.Ok<WorkflowDefinition, InvalidWorkflow>) parsed).value();
        TemplateCommand.CreateWorkflowTemplate command = TemplateMapping.toCreateCommand(definition, null, clock.instant());
        var outcome = commands.handle(WorkflowTemplate.TYPE, command, CommandContext.by(actor(ctx)));
        switch (outcome) {
            case CommandOutcome.Accepted<?> a -> Api.json(ctx, 201, Api.accepted("id", command.templateId(), a.position()));
            case CommandOutcome.Rejected<?> r -> Api.refused(ctx, r.rejection());
            case CommandOutcome.Contended<?> c -> {
                ctx.header("Retry-After", "1");
                Server.problem(ctx, 503, "busy", "Busy", "the workflow changed under this request; send it again");
            }
        }
    }

    private void list(Context ctx) throws Exception {
        if (!Api.caughtUp(ctx, projections, WorkflowsProjection.NAME)) {
            return;
        }
        boolean archived = "true".equals(ctx.queryParam("include_archived"));
        Api.json(ctx, 200, queries.list(new WorkflowQueries.Filter(null, archived, ctx.queryParam("name")),
                WorkflowQueries.Sort.NAME, Api.page(ctx)));
    }

    private void show(Context ctx) throws Exception {
        if (!Api.caughtUp(ctx, projections, WorkflowsProjection.NAME)) {
            return;
        }
        String id = ctx.pathParam("id");
        var detail = queries.detail(id);
        if (detail.isEmpty()) {
            Server.problem(ctx, 404, "not-found", "Not found", "workflow template '" + id + "' does not exist");
            return;
        }
        Api.json(ctx, 200, detail.get());
    }

    private void run(Context ctx) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body == null) {
            return;
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        JsonNode given = body.get("inputs");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                Server.problem(ctx, 422, "invalid-input", "Invalid input", "inputs must be an object of name → text");
                return;
            }
            given.properties().forEach(e -> inputs.put(e.getKey(), e.getValue().asText()));
        }
        List<String> repos = new ArrayList<>();
        JsonNode repoList = body.get("repos");
        if (repoList != null && repoList.isArray()) {
            repoList.forEach(repo -> repos.add(repo.asText()));
        }
        var result = engine.run(new RunRequest(ctx.pathParam("id"), Api.text(body, "task"), inputs, repos,
                Api.text(body, "execution_id")), actor(ctx));
        switch (result) {
            case Result.Ok<ExecutionEngine.Accepted, EngineRejection> ok ->
                    Api.json(ctx, 202, Api.accepted("execution_id", ok.value().executionId(), ok.value().position()));
            case Result.Err<ExecutionEngine.Accepted, EngineRejection> err -> Api.refused(ctx, err.error());
        }
    }

    private static void invalid(Context ctx, InvalidWorkflow invalid) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://syntropic137.dev/problems/invalid-workflow");
        body.put("title", "Invalid workflow definition");
        body.put("status", 422);
        body.put("detail", invalid.describe());
        body.put("problems", problems(invalid));
        ctx.status(422).contentType("application/problem+json").result(Api.JSON.writeValueAsString(body));
    }

    private static List<Map<String, Object>> problems(InvalidWorkflow invalid) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Problem p : invalid.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", p.location().file());
            m.put("line", p.location().line());
            m.put("column", p.location().column());
            m.put("field", p.field());
            m.put("message", p.message());
            m.put("allowed", p.allowed());
            out.add(m);
        }
        return out;
    }

    static String actor(Context ctx) {
        String actor = ctx.header("X-Syn-Actor");
        return actor == null || actor.isBlank() ? "api" : actor;
    }
}
