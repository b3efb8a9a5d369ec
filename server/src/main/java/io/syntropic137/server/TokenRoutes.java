package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.server.auth.ApiToken;
import io.syntropic137.server.auth.IssuedToken;
import io.syntropic137.server.auth.TokenStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/tokens}: a token holder may mint more tokens, list them (never a secret) and revoke them. The first
 * token comes from the admin command ({@code ./syn token create}), since these routes need one.
 */
final class TokenRoutes {
    private final TokenStore tokens;

    private TokenRoutes(TokenStore tokens) {
        this.tokens = tokens;
    }

    static void register(RoutesConfig routes, TokenStore tokens) {
        var r = new TokenRoutes(tokens);
        routes.post("/api/tokens", r::create);
        routes.get("/api/tokens", r::list);
        routes.delete("/api/tokens/{id}", r::revoke);
    }

    private void create(Context ctx) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body == null) {
            return;
        }
        String name = Api.text(body, "name");
        if (name == null || name.isBlank() || name.length() > 100) {
            Server.problem(ctx, 422, "invalid-input", "Invalid input", "name: a token needs a name of 1-100 characters");
            return;
        }
        IssuedToken issued = tokens.create(name);
        Map<String, Object> shown = describe(issued.token());
        shown.put("token", issued.plainText());
        Api.json(ctx, 201, shown);
    }

    private void list(Context ctx) throws Exception {
        List<Map<String, Object>> items = tokens.list().stream().map(TokenRoutes::describe).toList();
        Api.json(ctx, 200, Map.of("items", items));
    }

    private void revoke(Context ctx) throws Exception {
        String id = ctx.pathParam("id");
        var revoked = tokens.revoke(id);
        if (revoked.isEmpty()) {
            Server.problem(ctx, 404, "not-found", "Not found", "no token has the id " + id);
            return;
        }
        Api.json(ctx, 200, describe(revoked.get()));
    }

    private static Map<String, Object> describe(ApiToken token) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", token.id());
        shown.put("name", token.name());
        shown.put("createdAt", token.createdAt().toString());
        shown.put("lastUsedAt", token.lastUsedAt().map(Object::toString).orElse(null));
        shown.put("revokedAt", token.revokedAt().map(Object::toString).orElse(null));
        return shown;
    }
}
