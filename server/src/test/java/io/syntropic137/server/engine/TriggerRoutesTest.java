package io.syntropic137.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Trigger rules over HTTP: register (fields or preset), change, pause, resume, delete, and signed GitHub deliveries. */
class TriggerRoutesTest {
    private static final String SECRET = "a-webhook-secret-of-32-characters";
    private static final String WORKFLOW = "id: fix-ci\nname: Fix CI\ninputs:\n  - name: pr_number\n    required: true\n"
            + "  - name: check_name\n  - name: head_sha\n"
            + "phases:\n  - id: fix\n    agent: command\n    command: [true]\n    prompt_template: fix {{pr_number}}\n";

    private static String failedCheck(int pullRequest, String conclusion) {
        return """
                {"action": "completed",
                 "repository": {"full_name": "acme/api"},
                 "check_run": {"name": "unit tests", "conclusion": "%s", "head_sha": "abc123",
                               "pull_requests": [{"number": %d}]}}""".formatted(conclusion, pullRequest);
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static ApiClient.Response deliver(ApiClient api, String deliveryId, String event, String body) throws Exception {
        return api.send("POST", "/api/webhooks/github", body, "X-GitHub-Event", event, "X-GitHub-Delivery", deliveryId,
                "X-Hub-Signature-256", sign(body));
    }

    private static JsonNode onlyOutcome(ApiClient.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
        assertThat(response.body().get("outcomes")).as(response.raw()).hasSize(1);
        return response.body().get("outcomes").get(0);
    }

    @Test
    void rulesAreManagedAndSignedDeliveriesFireThemWithinTheirGuards(@TempDir Path dataDir) throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(),
                "SYN_PORT", "0", "SYN_GITHUB_WEBHOOK_SECRET", SECRET)))) {
            ApiClient api = new ApiClient(server.port());
            assertThat(api.post("/api/workflows", "application/yaml", WORKFLOW).status()).isEqualTo(201);

            var presets = api.get("/api/trigger-presets");
            assertThat(presets.status()).isEqualTo(200);
            assertThat(presets.body().get("items")).extracting(p -> p.get("preset").asText())
                    .containsExactly("self_healing_ci", "review_fix", "comment_command");

            String rule = """
                    {"triggerId": "trg-ci", "name": "fix failing checks", "preset": "self_healing_ci",
                     "repository": "acme/api", "workflowId": "fix-ci",
                     "safety": {"maxAttemptsPerPr": 2, "dailyLimit": 20, "cooldownSeconds": 0, "debounceSeconds": 0}}""";
            var registered = api.postJson("/api/triggers", rule);
            assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
            assertThat(api.postJson("/api/triggers", rule).body().get("type").asText()).endsWith("/already-exists");
            var unknownPreset = api.postJson("/api/triggers", "{\"preset\": \"deploy_everything\", \"name\": \"x\", "
                    + "\"repository\": \"acme/api\", \"workflowId\": \"fix-ci\"}");
            assertThat(unknownPreset.status()).isEqualTo(422);
            assertThat(unknownPreset.body().get("detail").asText()).contains("self_healing_ci");
            var badOperator = api.postJson("/api/triggers", "{\"name\": \"x\", \"event\": \"check_run.completed\", "
                    + "\"repository\": \"acme/api\", \"workflowId\": \"fix-ci\", \"conditions\": [{\"field\": \"a\", "
                    + "\"operator\": \"resembles\", \"values\": [\"b\"]}]}");
            assertThat(badOperator.status()).isEqualTo(422);
            var badRepository = api.postJson("/api/triggers", "{\"name\": \"x\", \"event\": \"check_run.completed\", "
                    + "\"repository\": \"not-a-repo\", \"workflowId\": \"fix-ci\", \"conditions\": [{\"field\": \"a\", "
                    + "\"operator\": \"eq\", \"values\": [\"b\"]}]}");
            assertThat(badRepository.status()).isEqualTo(422);
            assertThat(badRepository.body().get("detail").asText()).contains("repository");

            var fired = onlyOutcome(deliver(api, "d-1", "check_run", failedCheck(42, "failure")));
            assertThat(fired.get("outcome").asText()).as(fired.toString()).isEqualTo("fired");
            String executionId = fired.get("executionId").asText();
            JsonNode execution = api.awaitExecution(executionId, d -> true, Duration.ofSeconds(20), "being recorded");
            assertThat(execution.toString()).contains("fix-ci");

            assertThat(onlyOutcome(deliver(api, "d-1", "check_run", failedCheck(42, "failure"))).get("outcome").asText())
                    .as("GitHub re-sent the same delivery").isEqualTo("duplicate");
            assertThat(onlyOutcome(deliver(api, "d-2", "check_run", failedCheck(42, "success"))).get("outcome").asText())
                    .isEqualTo("not-matched");
            assertThat(onlyOutcome(deliver(api, "d-3", "check_run", failedCheck(42, "failure"))).get("outcome").asText())
                    .isEqualTo("fired");
            var blocked = onlyOutcome(deliver(api, "d-4", "check_run", failedCheck(42, "failure")));
            assertThat(blocked.get("outcome").asText()).isEqualTo("blocked");
            assertThat(blocked.get("guard").asText()).isEqualTo("max-attempts-per-pr");
            assertThat(onlyOutcome(deliver(api, "d-5", "check_run", failedCheck(7, "failure"))).get("outcome").asText())
                    .as("another pull request has its own attempts").isEqualTo("fired");
            var otherRepo = deliver(api, "d-6", "check_run", failedCheck(42, "failure").replace("acme/api", "acme/web"));
            assertThat(otherRepo.body().get("outcomes")).isEmpty();

            List<String> kinds = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                kinds.clear();
                api.get("/api/triggers/trg-ci/history").body().get("items").forEach(h -> kinds.add(h.toString()));
                if (kinds.size() >= 5) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(String.join("\n", kinds)).contains("max-attempts-per-pr", "d-1", "d-3", "d-5");

            var paused = api.send("POST", "/api/triggers/trg-ci/pause", "{\"reason\": \"noisy\"}");
            assertThat(paused.status()).as(paused.raw()).isEqualTo(202);
            var whilePaused = deliver(api, "d-7", "check_run", failedCheck(8, "failure"));
            assertThat(whilePaused.status()).isEqualTo(202);
            assertThat(whilePaused.raw()).as("a paused rule does not fire").doesNotContain("fired");
            assertThat(api.send("POST", "/api/triggers/trg-ci/pause", null).status()).isEqualTo(409);
            assertThat(api.send("POST", "/api/triggers/trg-ci/resume", null).status()).isEqualTo(202);
            assertThat(api.send("POST", "/api/triggers/trg-ci/resume", null).status()).isEqualTo(409);
            var renamed = api.send("PATCH", "/api/triggers/trg-ci", "{\"name\": \"heal CI\"}");
            assertThat(renamed.status()).as(renamed.raw()).isEqualTo(202);
            assertThat(api.send("PATCH", "/api/triggers/trg-ci", "{\"colour\": \"red\"}").status()).isEqualTo(422);
            assertThat(api.send("PATCH", "/api/triggers/nope", "{\"name\": \"x\"}").status()).isEqualTo(404);
            assertThat(api.send("DELETE", "/api/triggers/trg-ci", null).status()).isEqualTo(202);
            assertThat(api.send("DELETE", "/api/triggers/trg-ci", null).status()).isEqualTo(409);
        }
    }

    @Test
    void aRunTheWorkflowRefusesIsRecordedAsBlocked(@TempDir Path dataDir) throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(),
                "SYN_PORT", "0", "SYN_GITHUB_WEBHOOK_SECRET", SECRET)))) {
            ApiClient api = new ApiClient(server.port());
            var registered = api.postJson("/api/triggers", "{\"triggerId\": \"trg-x\", \"name\": \"x\", \"preset\": "
                    + "\"self_healing_ci\", \"repository\": \"acme/api\", \"workflowId\": \"no-such-workflow\"}");
            assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
            api.get("/api/triggers/trg-x?after=" + registered.body().get("position").asLong());
            var outcome = onlyOutcome(deliver(api, "d-1", "check_run", failedCheck(1, "failure")));
            assertThat(outcome.get("outcome").asText()).isEqualTo("blocked");
            assertThat(outcome.get("guard").asText()).isEqualTo("run-refused");
            assertThat(outcome.get("reason").asText()).contains("no-such-workflow");
        }
    }

    @Test
    void deliveriesMustBeSignedAndWellFormed(@TempDir Path dataDir) throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(),
                "SYN_PORT", "0", "SYN_GITHUB_WEBHOOK_SECRET", SECRET)))) {
            ApiClient api = new ApiClient(server.port());
            String body = failedCheck(1, "failure");
            var unsigned = api.send("POST", "/api/webhooks/github", body, "X-GitHub-Event", "check_run", "X-GitHub-Delivery", "d");
            assertThat(unsigned.status()).isEqualTo(401);
            assertThat(unsigned.body().get("type").asText()).endsWith("/signature-missing");
            var forged = api.send("POST", "/api/webhooks/github", body.replace("failure", "success"), "X-GitHub-Event",
                    "check_run", "X-GitHub-Delivery", "d", "X-Hub-Signature-256", sign(body));
            assertThat(forged.status()).isEqualTo(401);
            assertThat(forged.body().get("type").asText()).endsWith("/bad-signature");
            var noHeaders = api.send("POST", "/api/webhooks/github", body, "X-Hub-Signature-256", sign(body));
            assertThat(noHeaders.status()).isEqualTo(400);
            assertThat(noHeaders.body().get("type").asText()).endsWith("/bad-delivery");
            String notJson = "not json";
            assertThat(api.send("POST", "/api/webhooks/github", notJson, "X-GitHub-Event", "check_run",
                    "X-GitHub-Delivery", "d", "X-Hub-Signature-256", sign(notJson)).status()).isEqualTo(400);
            String noRepository = "{\"action\": \"completed\"}";
            assertThat(deliver(api, "d", "check_run", noRepository).status()).isEqualTo(422);
            var ping = deliver(api, "d-ping", "ping", "{\"zen\": \"Keep it logically awesome.\"}");
            assertThat(ping.status()).isEqualTo(200);
        }
    }

    @Test
    void withoutASecretTheIntakeRefusesWhenTokensAreRequired(@TempDir Path dataDir) throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(),
                "SYN_PORT", "0", "SYN_AUTH", "required")))) {
            ApiClient api = new ApiClient(server.port());
            var refused = api.send("POST", "/api/webhooks/github", failedCheck(1, "failure"), "X-GitHub-Event", "check_run",
                    "X-GitHub-Delivery", "d");
            assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
            assertThat(refused.body().get("detail").asText()).contains("SYN_GITHUB_WEBHOOK_SECRET");
        }
    }
}
