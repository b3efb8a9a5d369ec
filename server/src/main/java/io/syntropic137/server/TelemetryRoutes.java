package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.observability.CostRow;
import io.syntropic137.observability.Cursor;
import io.syntropic137.observability.Dimension;
import io.syntropic137.observability.Offer;
import io.syntropic137.observability.RecentPage;
import io.syntropic137.observability.RecentQuery;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryPipeline;
import io.syntropic137.observability.ToolCall;
import io.syntropic137.observability.UsageScope;
import io.syntropic137.observability.Validation;
import io.syntropic137.observability.claude.AgentContext;
import io.syntropic137.observability.claude.HookPayloadParser;
import io.syntropic137.observability.claude.OtlpJsonParser;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The telemetry collector and its queries under {@code /api/telemetry}.
 *
 * <p>{@code POST /events} takes a JSON array of events (or {@code {"events": [...]}}) and answers only after the
 * valid ones are committed: 200 {@code {"accepted": n, "rejected": [{index, reason, detail}]}} (422 when none is
 * valid); 429 with Retry-After when the buffer cannot take the batch (nothing was taken: re-send it); 503 with
 * Retry-After when the store did not commit in time (re-sending is safe: ids come from content). A batch is
 * idempotent as a whole: re-sending it stores nothing new.
 */
final class TelemetryRoutes {
    static final int MAX_EVENTS_PER_REQUEST = 5_000;
    private static final long ACK_TIMEOUT_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TelemetryPipeline telemetry;
    private final HookPayloadParser hooks = new HookPayloadParser();
    private final OtlpJsonParser otlp = new OtlpJsonParser();
    /** Inflated OTLP bodies are capped like plain ones (Javalin's request size limit applies before inflating). */
    private static final int MAX_OTLP_BYTES = 16 * 1024 * 1024;

    private TelemetryRoutes(TelemetryPipeline telemetry) {
        this.telemetry = telemetry;
    }

    static void register(RoutesConfig routes, TelemetryPipeline telemetry) {
        TelemetryRoutes handlers = new TelemetryRoutes(telemetry);
        routes.post("/api/telemetry/events", handlers::ingest);
        routes.post("/api/telemetry/hooks", handlers::hook);
        routes.post("/v1/logs", ctx -> handlers.otlp(ctx, true));
        routes.post("/v1/metrics", ctx -> handlers.otlp(ctx, false));
        routes.get("/api/telemetry/events", handlers::recent);
        routes.get("/api/telemetry/sessions/{session}/tools", handlers::toolTimeline);
        routes.get("/api/telemetry/costs", handlers::costs);
    }

    private void ingest(Context ctx) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Server.problem(ctx, 400, "bad-json", "Not JSON", "the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        JsonNode events = body != null && body.isObject() ? body.get("events") : body;
        if (events == null || !events.isArray()) {
            Server.problem(ctx, 400, "bad-batch", "Not a batch", "send a JSON array of events, or {\"events\": [...]}");
            return;
        }
        if (events.size() > MAX_EVENTS_PER_REQUEST) {
            Server.problem(ctx, 413, "batch-too-large", "Batch too large",
                    events.size() + " events in one request; the limit is " + MAX_EVENTS_PER_REQUEST);
            return;
        }
        List<TelemetryEvent> valid = new ArrayList<>();
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            switch (telemetry.validator().validate(events.get(i))) {
                case Validation.Valid v -> valid.add(v.event());
                case Validation.Invalid invalid -> {
                    Map<String, Object> problem = new LinkedHashMap<>();
                    problem.put("index", i);
                    problem.put("reason", invalid.reason().code());
                    problem.put("detail", invalid.detail());
                    rejected.add(problem);
                }
            }
        }
        store(ctx, valid, rejected);
    }

    private void hook(Context ctx) throws Exception {
        JsonNode payload;
        try {
            payload = JSON.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Server.problem(ctx, 400, "bad-json", "Not JSON", "the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (payload == null || !payload.isObject() || !payload.hasNonNull("hook_event_name")) {
            Server.problem(ctx, 400, "bad-hook", "Not a hook payload", "expected the JSON a Claude Code hook receives on stdin");
            return;
        }
        AgentContext context = new AgentContext(ctx.queryParam("execution"), ctx.queryParam("phase"), ctx.queryParam("repo"));
        // hook payloads carry no time: a forwarder that may retry passes the time it captured, so that a retry
        // produces the same event ids (and is stored once)
        Instant time = timeParam(ctx, "time");
        if (time == Instant.MIN) {
            return;
        }
        store(ctx, hooks.parse(payload, context, time == null ? Instant.now() : time), List.of());
    }

    private void store(Context ctx, List<TelemetryEvent> valid, List<Map<String, Object>> rejected) throws Exception {
        if (!commit(ctx, valid)) {
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", valid.size());
        answer.put("ids", valid.stream().map(e -> e.id().toString()).toList());
        answer.put("rejected", rejected);
        json(ctx, valid.isEmpty() && !rejected.isEmpty() ? 422 : 200, answer);
    }

    /** Offers the events and waits for their commit; false when it answered an error instead. */
    private boolean commit(Context ctx, List<TelemetryEvent> valid) throws Exception {
        if (valid.isEmpty()) {
            return true;
        }
        switch (telemetry.buffer().offer(valid)) {
            case Offer.Full full -> {
                ctx.header("Retry-After", Long.toString(Math.max(1, full.retryAfter().toSeconds())));
                Server.problem(ctx, 429, "telemetry-buffer-full", "Too many telemetry events",
                        "the collector's buffer is full; nothing of this batch was taken, send it again after Retry-After");
                return false;
            }
            case Offer.Closed closed -> {
                ctx.header("Retry-After", "5");
                Server.problem(ctx, 503, "shutting-down", "Shutting down", "the server is stopping; send the batch again later");
                return false;
            }
            case Offer.Accepted accepted -> {
                try {
                    accepted.stored().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    return true;
                } catch (TimeoutException | ExecutionException e) {
                    ctx.header("Retry-After", "5");
                    Server.problem(ctx, 503, "telemetry-store-unavailable", "Telemetry not stored yet",
                            "the events are queued but not yet committed (" + e + "); re-sending is safe: duplicates are ignored");
                    return false;
                }
            }
        }
    }

    /**
     * OTLP/HTTP with JSON encoding ({@code POST /v1/logs}, {@code /v1/metrics}): what Claude Code exports with
     * {@code CLAUDE_CODE_ENABLE_TELEMETRY=1} and {@code OTEL_EXPORTER_OTLP_PROTOCOL=http/json}. Status codes follow
     * OTLP's retry rules: 400/413/415 are final, 429 and 503 carry Retry-After and are retried by exporters.
     */
    private void otlp(Context ctx, boolean logs) throws Exception {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            Server.problem(ctx, 415, "otlp-encoding-unsupported", "Only OTLP/HTTP JSON is accepted",
                    (contentType.contains("protobuf") ? "OTLP protobuf is not supported" : "Content-Type '" + contentType + "' is not supported")
                            + "; send Content-Type: application/json (for Claude Code: OTEL_EXPORTER_OTLP_PROTOCOL=http/json)");
            return;
        }
        byte[] bytes;
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            bytes = ctx.bodyAsBytes();
        } else if (encoding.equalsIgnoreCase("gzip")) {
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(ctx.bodyAsBytes()))) {
                bytes = in.readNBytes(MAX_OTLP_BYTES + 1);
            } catch (java.io.IOException e) {
                Server.problem(ctx, 400, "bad-gzip", "Body is not gzip", "Content-Encoding: gzip, but the body does not inflate: " + e.getMessage());
                return;
            }
            if (bytes.length > MAX_OTLP_BYTES) {
                Server.problem(ctx, 413, "otlp-too-large", "Export too large", "the inflated body exceeds " + MAX_OTLP_BYTES + " bytes");
                return;
            }
        } else {
            Server.problem(ctx, 415, "otlp-encoding-unsupported", "Unsupported Content-Encoding",
                    "Content-Encoding '" + encoding + "' is not supported; send gzip or none");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            Server.problem(ctx, 400, "bad-json", "Not JSON", "the body is not JSON: " + e.getMessage());
            return;
        }
        AgentContext context = new AgentContext(ctx.queryParam("execution"), ctx.queryParam("phase"), ctx.queryParam("repo"));
        OtlpJsonParser.Parsed parsed;
        try {
            parsed = logs ? otlp.logs(body, context, Instant.now()) : otlp.metrics(body, context, Instant.now());
        } catch (OtlpJsonParser.NotOtlp e) {
            Server.problem(ctx, 400, "not-otlp", "Not an OTLP export request", e.getMessage()
                    + (logs ? " (expected {\"resourceLogs\": [...]})" : " (expected {\"resourceMetrics\": [...]})"));
            return;
        }
        if (parsed.records() > MAX_EVENTS_PER_REQUEST) {
            Server.problem(ctx, 413, "batch-too-large", "Export too large",
                    parsed.records() + " records in one request; the limit is " + MAX_EVENTS_PER_REQUEST);
            return;
        }
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (OtlpJsonParser.Rejected r : parsed.rejected()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("index", r.index());
            problem.put("path", r.path());
            problem.put("reason", r.reason());
            problem.put("detail", r.detail());
            rejected.add(problem);
        }
        if (parsed.events().isEmpty() && !rejected.isEmpty()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "https://syntropic137.dev/problems/otlp-records-rejected");
            problem.put("title", "No record could be stored");
            problem.put("status", 400);
            problem.put("detail", rejected.size() + " records, none storable; see rejected");
            problem.put("rejected", rejected);
            ctx.status(400).contentType("application/problem+json").result(JSON.writeValueAsString(problem));
            return;
        }
        if (!commit(ctx, parsed.events())) {
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!rejected.isEmpty()) {
            // OTLP's own field, so that an exporter logs the partial failure; ours below say which record and why
            Map<String, Object> partial = new LinkedHashMap<>();
            partial.put(logs ? "rejectedLogRecords" : "rejectedDataPoints", rejected.size());
            partial.put("errorMessage", rejected.size() + " of " + parsed.records() + " records could not be stored: "
                    + rejected.getFirst().get("path") + ": " + rejected.getFirst().get("detail") + (rejected.size() > 1 ? " (and more)" : ""));
            answer.put("partialSuccess", partial);
        }
        answer.put("accepted", parsed.events().size());
        answer.put("ids", parsed.events().stream().map(e -> e.id().toString()).toList());
        answer.put("rejected", rejected);
        json(ctx, 200, answer);
    }

    private void recent(Context ctx) throws Exception {
        Set<String> types = new HashSet<>();
        for (String type : ctx.queryParams("type")) {
            types.addAll(Arrays.asList(type.split(",")));
        }
        Cursor cursor = null;
        String cursorText = ctx.queryParam("cursor");
        if (cursorText != null) {
            cursor = Cursor.decode(cursorText).orElse(null);
            if (cursor == null) {
                Server.problem(ctx, 400, "bad-cursor", "Bad cursor", "cursor must be a value returned as next_cursor");
                return;
            }
        }
        Integer limit = intParam(ctx, "limit", 100, 1, RecentQuery.MAX_LIMIT);
        Instant from = timeParam(ctx, "from");
        Instant to = timeParam(ctx, "to");
        if (limit == null || from == Instant.MIN || to == Instant.MIN) {
            return;
        }
        RecentPage page = telemetry.queries().recent(new RecentQuery(types, ctx.queryParam("execution"), ctx.queryParam("phase"),
                ctx.queryParam("session"), from, to, cursor, limit));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("events", page.events().stream().map(TelemetryRoutes::eventJson).toList());
        answer.put("next_cursor", page.next().map(Cursor::encode).orElse(null));
        json(ctx, 200, answer);
    }

    private void toolTimeline(Context ctx) throws Exception {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (ToolCall call : telemetry.queries().toolTimeline(ctx.pathParam("session"))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tool_use_id", call.toolUseId());
            row.put("tool_name", call.toolName());
            row.put("status", call.status().name().toLowerCase(java.util.Locale.ROOT));
            row.put("started_at", call.startedAt() == null ? null : call.startedAt().toString());
            row.put("finished_at", call.finishedAt() == null ? null : call.finishedAt().toString());
            row.put("duration_ms", call.durationMs());
            calls.add(row);
        }
        json(ctx, 200, Map.of("tool_calls", calls));
    }

    private void costs(Context ctx) throws Exception {
        String by = ctx.queryParamAsClass("by", String.class).getOrDefault("execution");
        Dimension dimension = Dimension.fromWireName(by).orElse(null);
        if (dimension == null) {
            Server.problem(ctx, 400, "bad-dimension", "Unknown grouping", "by must be one of "
                    + Arrays.stream(Dimension.values()).map(Dimension::wireName).toList());
            return;
        }
        Instant from = timeParam(ctx, "from");
        Instant to = timeParam(ctx, "to");
        if (from == Instant.MIN || to == Instant.MIN) {
            return;
        }
        UsageScope scope = new UsageScope(ctx.queryParam("execution"), ctx.queryParam("phase"), ctx.queryParam("session"), from, to);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CostRow row : telemetry.queries().costs(scope, dimension)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put(dimension.wireName(), row.key());
            json.put("input_tokens", row.tokens().input());
            json.put("output_tokens", row.tokens().output());
            json.put("cache_creation_input_tokens", row.tokens().cacheWrite());
            json.put("cache_read_input_tokens", row.tokens().cacheRead());
            json.put("cost_usd", row.costUsd());
            json.put("computed_cost_usd", row.computedCostUsd());
            json.put("reported_cost_usd", row.reportedCostUsd());
            json.put("audit_difference_usd", row.auditDifferenceUsd());
            json.put("sessions", row.sessions());
            json.put("unpriced_models", row.unpricedModels());
            rows.add(json);
        }
        json(ctx, 200, Map.of("by", dimension.wireName(), "rows", rows));
    }

    private static Map<String, Object> eventJson(TelemetryEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id().toString());
        json.put("time", event.time().toString());
        json.put("type", event.type());
        json.put("known_type", event.knownType());
        json.put("execution", event.executionId());
        json.put("phase", event.phaseId());
        json.put("session", event.sessionId());
        json.put("tool_use_id", event.toolUseId());
        try {
            json.put("data", JSON.readTree(event.dataJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored telemetry data of " + event.id() + " is not JSON", e);
        }
        return json;
    }

    /** Parses an optional ISO-8601 parameter; answers 400 and returns Instant.MIN when it is malformed. */
    private static Instant timeParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            Server.problem(ctx, 400, "bad-time", "Bad time", name + " must be ISO-8601 with an offset, e.g. 2026-11-24T00:00:00Z");
            return Instant.MIN;
        }
    }

    private static Integer intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        Server.problem(ctx, 400, "bad-" + name, "Bad " + name, name + " must be an integer " + min + ".." + max);
        return null;
    }

    private static void json(Context ctx, int status, Object body) throws Exception {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }
}
