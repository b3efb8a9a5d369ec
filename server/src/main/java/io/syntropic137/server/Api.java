package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.engine.EngineRejection;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.time.Duration;
import java.util.Map;

/** What every JSON route shares: reading bodies, writing JSON and problems, statuses for refusals, read-your-writes. */
final class Api {
    /** Enums in either case: the docs write {@code eq} and {@code check_run.completed}, Java spells them EQ. */
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).build()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private Api() {
    }

    static void json(Context ctx, int status, Object body) throws Exception {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    /** The JSON object of the request body, or a 400 problem (then null). */
    static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                Server.problem(ctx, 400, "bad-json", "Bad request body", "the body must be a JSON object");
                return null;
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Server.problem(ctx, 400, "bad-json", "Bad request body", "the body is not JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static void refused(Context ctx, Rejection rejection) {
        switch (rejection) {
            case Rejection.NotFound r -> Server.problem(ctx, 404, "not-found", "Not found", r.reason());
            case Rejection.AlreadyExists r -> Server.problem(ctx, 409, "already-exists", "Already exists", r.reason());
            case Rejection.InvalidInput r -> Server.problem(ctx, 422, "invalid-input", "Invalid input", r.reason());
            case Rejection.IllegalTransition r -> Server.problem(ctx, 409, "illegal-transition", "Not allowed now", r.reason());
            case Rejection.RuleViolated r -> Server.problem(ctx, 409, "rule-" + r.rule(), "Refused", r.reason());
        }
    }

    static void refused(Context ctx, EngineRejection rejection) {
        switch (rejection) {
            case EngineRejection.Refused r -> refused(ctx, r.rejection());
            case EngineRejection.Invalid r -> Server.problem(ctx, 422, "invalid-input", "Invalid input",
                    r.field() + ": " + r.reason());
            case EngineRejection.Busy r -> {
                ctx.header("Retry-After", "1");
                Server.problem(ctx, 503, "busy", "Busy", r.reason());
            }
        }
    }

    /**
     * Read-your-writes: with {@code ?after=<position>} (a position a command returned) the query waits until the
     * projection has applied it — at most 10 s, or less with {@code wait_ms} — and answers 504 if it has not.
     */
    static boolean caughtUp(Context ctx, ProjectionManager projections, String projection) throws InterruptedException {
        String after = ctx.queryParam("after");
        if (after == null) {
            return true;
        }
        long position;
        try {
            position = Long.parseLong(after);
        } catch (NumberFormatException e) {
            Server.problem(ctx, 400, "bad-parameter", "Bad parameter", "after=" + after + " is not a position (a whole number)");
            return false;
        }
        Duration wait = MAX_WAIT;
        String waitMs = ctx.queryParam("wait_ms");
        if (waitMs != null) {
            try {
                wait = Duration.ofMillis(Long.parseLong(waitMs));
            } catch (NumberFormatException e) {
                wait = Duration.ZERO.minusMillis(1);
            }
            if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
                Server.problem(ctx, 400, "bad-parameter", "Bad parameter", "wait_ms=" + waitMs
                        + " is not a wait: use 0-" + MAX_WAIT.toMillis() + " (milliseconds)");
                return false;
            }
        }
        if (!projections.awaitPosition(projection, position, wait)) {
            Server.problem(ctx, 504, "not-caught-up", "Read model behind",
                    "the " + projection + " read model did not reach position " + position + " within " + wait.toMillis() + " ms");
            return false;
        }
        return true;
    }

    static PageRequest page(Context ctx) {
        String limit = ctx.queryParam("limit");
        int n = 50;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw new BadParameter("limit=" + limit + " is not a number (1-" + PageRequest.MAX_LIMIT + ")");
            }
            if (n < 1 || n > PageRequest.MAX_LIMIT) {
                throw new BadParameter("limit=" + limit + " is out of range: 1-" + PageRequest.MAX_LIMIT);
            }
        }
        return new PageRequest(n, ctx.queryParam("cursor"));
    }

    static Map<String, Object> accepted(String idField, String id, long position) {
        return Map.of(idField, id, "position", position);
    }

    /**
     * The id the path names: the full id, or a prefix of exactly one id (users type short ids). An unknown prefix
     * keeps the text as given (the query or command then says it does not exist); an ambiguous one is a 409 listing
     * the candidates.
     */
    static String resolveId(String given, java.util.function.BiFunction<String, Integer, java.util.List<String>> idsStartingWith,
                            String what) {
        java.util.List<String> matches = idsStartingWith.apply(given, 11);
        if (matches.contains(given) || matches.isEmpty()) {
            return given;
        }
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        throw new AmbiguousId(what + " id prefix '" + given + "' matches " + (matches.size() > 10 ? "more than 10" : matches.size())
                + " " + what + "s: " + String.join(", ", matches.subList(0, Math.min(10, matches.size()))), matches);
    }

    /** A short id that names several things; answered as a 409 problem listing them. */
    static final class AmbiguousId extends RuntimeException {
        final java.util.List<String> candidates;

        AmbiguousId(String message, java.util.List<String> candidates) {
            super(message);
            this.candidates = java.util.List.copyOf(candidates);
        }
    }

    /** A query parameter that cannot be used; answered as a 400 problem. */
    static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message);
        }
    }
}
