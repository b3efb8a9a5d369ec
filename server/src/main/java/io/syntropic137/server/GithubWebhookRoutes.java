package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.domain.github.GithubDelivery;
import io.syntropic137.engine.triggers.DeliveryOutcome;
import io.syntropic137.engine.triggers.TriggerDispatcher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub webhook intake: each delivery is checked against its HMAC signature ({@code X-Hub-Signature-256}, keyed with
 * {@code SYN_GITHUB_WEBHOOK_SECRET}) instead of an API token, then handed to the trigger rules. Without a secret the
 * intake takes unsigned deliveries only while the server needs no tokens (loopback development); otherwise it refuses
 * them all, since anyone could start workflows.
 */
final class GithubWebhookRoutes {
    static final String PATH = "/api/webhooks/github";

    private final TriggerDispatcher dispatcher;
    private final Optional<String> secret;
    private final boolean tokensRequired;

    private GithubWebhookRoutes(TriggerDispatcher dispatcher, Optional<String> secret, boolean tokensRequired) {
        this.dispatcher = dispatcher;
        this.secret = secret;
        this.tokensRequired = tokensRequired;
    }

    static void register(RoutesConfig routes, TriggerDispatcher dispatcher, Optional<String> secret, boolean tokensRequired) {
        var r = new GithubWebhookRoutes(dispatcher, secret, tokensRequired);
        routes.post(PATH, r::intake);
    }

    private void intake(Context ctx) throws Exception {
        byte[] raw = ctx.bodyAsBytes();
        if (secret.isEmpty() && tokensRequired) {
            Server.problem(ctx, 503, "webhook-not-configured", "Webhook intake not configured", "this server listens "
                    + "beyond loopback, so GitHub deliveries must be signed: set SYN_GITHUB_WEBHOOK_SECRET to the "
                    + "webhook's secret");
            return;
        }
        if (secret.isPresent()) {
            String signature = ctx.header("X-Hub-Signature-256");
            if (signature == null || signature.isBlank()) {
                Server.problem(ctx, 401, "signature-missing", "Signature missing",
                        "a delivery must carry X-Hub-Signature-256 (set the same secret on the GitHub webhook)");
                return;
            }
            if (!MessageDigest.isEqual(signature.strip().getBytes(StandardCharsets.US_ASCII),
                    expectedSignature(secret.get(), raw).getBytes(StandardCharsets.US_ASCII))) {
                Server.problem(ctx, 401, "bad-signature", "Bad signature", "X-Hub-Signature-256 does not match the "
                        + "body under this server's secret (SYN_GITHUB_WEBHOOK_SECRET and the webhook's secret differ?)");
                return;
            }
        }
        String eventName = ctx.header("X-GitHub-Event");
        String deliveryId = ctx.header("X-GitHub-Delivery");
        if (eventName == null || eventName.isBlank() || deliveryId == null || deliveryId.isBlank()) {
            Server.problem(ctx, 400, "bad-delivery", "Not a GitHub delivery",
                    "a delivery carries the headers X-GitHub-Event and X-GitHub-Delivery");
            return;
        }
        JsonNode body = Api.body(ctx);
        if (body == null) {
            return;
        }
        if ("ping".equals(eventName)) {
            Api.json(ctx, 200, Map.of("deliveryId", deliveryId, "event", "ping", "outcomes", List.of()));
            return;
        }
        String action = Api.text(body, "action");
        String event = action == null ? eventName : eventName + "." + action;
        String repository = body.path("repository").path("full_name").asText(null);
        if (repository == null) {
            Server.problem(ctx, 422, "invalid-input", "Invalid input", "the delivery names no repository.full_name, so "
                    + "no trigger rule can match it");
            return;
        }
        List<DeliveryOutcome> outcomes = dispatcher.dispatch(new GithubDelivery(deliveryId, event, repository,
                new JsonWebhookPayload(body)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deliveryId", deliveryId);
        answer.put("event", event);
        answer.put("repository", repository);
        answer.put("outcomes", outcomes.stream().map(GithubWebhookRoutes::describe).toList());
        if (outcomes.stream().anyMatch(DeliveryOutcome.Failed.class::isInstance)) {
            // some rule could not finish: GitHub's "redeliver" re-sends it, and what already happened is not repeated
            ctx.header("Retry-After", "5");
            answer.put("type", "https://syntropic137.dev/problems/delivery-incomplete");
            answer.put("title", "Delivery not fully handled");
            answer.put("status", 503);
            answer.put("detail", "at least one rule failed; send the delivery again");
            ctx.status(503).contentType("application/problem+json").result(Api.JSON.writeValueAsString(answer));
            return;
        }
        Api.json(ctx, 202, answer);
    }

    static String expectedSignature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Map<String, Object> describe(DeliveryOutcome outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("triggerId", outcome.triggerId());
        switch (outcome) {
            case DeliveryOutcome.Fired f -> {
                out.put("outcome", "fired");
                out.put("executionId", f.executionId());
                out.put("repeated", f.repeated());
            }
            case DeliveryOutcome.Blocked b -> {
                out.put("outcome", "blocked");
                out.put("guard", b.guard());
                out.put("reason", b.reason());
            }
            case DeliveryOutcome.NotMatched n -> out.put("outcome", "not-matched");
            case DeliveryOutcome.Duplicate d -> out.put("outcome", "duplicate");
            case DeliveryOutcome.Failed f -> {
                out.put("outcome", "failed");
                out.put("reason", f.reason());
            }
        }
        return out;
    }
}
