package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.syntropic137.server.engine.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer the OpenAPI document promises, provoked over real HTTP: each route's success and each of its
 * documented errors, checked for status and (for errors) a JSON problem body. The last test compares what was seen
 * with what the document lists, so a route or an error added to the document without a request here fails the build.
 * 401 is checked on every route of a server that requires tokens, 429 on every route of a server whose rate limit is
 * spent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EveryDocumentedAnswerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "a-webhook-secret-of-32-characters";
    private static final String BEHIND = "?after=999999999&wait_ms=20";
    private static final String BAD_AFTER = "?after=soon";

    private record Answer(String method, String path, int status) implements Comparable<Answer> {
        @Override
        public int compareTo(Answer o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return method + " " + path + " " + status;
        }
    }

    private final Set<Answer> seen = ConcurrentHashMap.newKeySet();
    private final List<Server> servers = new ArrayList<>();
    private Server server;
    private ApiClient api;
    private JsonNode document;

    // the things the cases act on
    private String done;
    private String gatedToApprove;
    private String gatedToReject;
    private String slow;
    private String pausable;
    private String session;
    private String artifact;
    private String repoId;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        server = started(Map.of("SYN_DATA_DIR", dataDir.resolve("main").toString(), "SYN_PORT", "0",
                "SYN_GITHUB_WEBHOOK_SECRET", SECRET));
        api = new ApiClient(server.port());
        document = new ObjectMapper(new YAMLFactory()).readTree(api.get("/api/openapi.yaml").raw());
        workflow("id: wf\nname: WF\nphases:\n" + phase("a", "echo done > artifacts/output/out.md"));
        workflow("id: slow\nname: Slow\nphases:\n" + phase("a", "sleep 60"));
        workflow("id: pausable\nname: Pausable\nphases:\n" + phase("a", "sleep 2") + phase("b", "true"));
        workflow("id: gated\nname: Gated\nphases:\n  - id: gate\n    execution_type: approval\n    prompt_template: ok?\n"
                + phase("ship", "true"));
        workflow("id: wf-archived\nname: Archived\nphases:\n" + phase("a", "true"));
        assertThat(api.postJson("/api/workflows/wf-archived/archive", "{}").status()).isEqualTo(202);

        done = run("wf");
        run("wf"); // a second run makes the prefix "ex-" ambiguous
        gatedToApprove = run("gated");
        gatedToReject = run("gated");
        slow = run("slow");
        api.awaitExecution(done, d -> ApiClient.status(d).equals("COMPLETED"), WAIT, "COMPLETED");
        api.awaitExecution(gatedToApprove, d -> ApiClient.status(d).equals("PAUSED"), WAIT, "PAUSED at the gate");
        api.awaitExecution(gatedToReject, d -> ApiClient.status(d).equals("PAUSED"), WAIT, "PAUSED at the gate");
        api.awaitExecution(slow, d -> ApiClient.status(d).equals("RUNNING"), WAIT, "RUNNING");
        session = awaitFirst("/api/sessions?execution=" + done, "sessionId");
        artifact = awaitFirst("/api/artifacts?execution=" + done, "artifactId");

        assertThat(api.postJson("/api/organizations", "{\"organizationId\": \"acme\", \"name\": \"Acme\"}").status()).isEqualTo(201);
        assertThat(api.postJson("/api/systems", "{\"systemId\": \"pay\", \"organizationId\": \"acme\", \"name\": \"Pay\"}").status()).isEqualTo(201);
        var repo = api.postJson("/api/repos", "{\"organizationId\": \"acme\", \"provider\": \"GITHUB\", \"fullName\": \"acme/api\", "
                + "\"defaultBranch\": \"main\", \"privateRepo\": true}");
        assertThat(repo.status()).as(repo.raw()).isEqualTo(201);
        repoId = repo.body().get("id").asText();
        var trigger = api.postJson("/api/triggers", "{\"triggerId\": \"trg\", \"name\": \"heal\", \"preset\": \"self_healing_ci\", "
                + "\"repository\": \"acme/api\", \"workflowId\": \"wf\"}");
        assertThat(trigger.status()).as(trigger.raw()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        servers.forEach(Server::close);
    }

    @Test
    @Order(1)
    void serverAndWorkflows() throws Exception {
        check(200, "GET", "/api/health", "/api/health");
        check(200, "GET", "/api/openapi.yaml", "/api/openapi.yaml");
        check(200, "GET", "/metrics", "/metrics");

        check(201, "POST", "/api/workflows", "/api/workflows", yaml("id: wf-new\nname: New\nphases:\n" + phase("a", "true")));
        check(409, "POST", "/api/workflows", "/api/workflows", yaml("id: wf-new\nname: New\nphases:\n" + phase("a", "true")));
        check(422, "POST", "/api/workflows", "/api/workflows", yaml("id: x\nname: X\nphases:\n  - id: a\n    colour: red\n"));
        checkList("/api/workflows");
        check(200, "POST", "/api/workflows/validate", "/api/workflows/validate", yaml("id: v\nname: V\nphases:\n" + phase("a", "true")));
        check(200, "GET", "/api/workflows/{id}", "/api/workflows/wf");
        check(404, "GET", "/api/workflows/{id}", "/api/workflows/nope");
        check(504, "GET", "/api/workflows/{id}", "/api/workflows/wf" + BEHIND);

        check(202, "POST", "/api/workflows/{id}/runs", "/api/workflows/wf/runs", json("{\"task\": \"again\"}"));
        check(400, "POST", "/api/workflows/{id}/runs", "/api/workflows/wf/runs", json("{"));
        check(404, "POST", "/api/workflows/{id}/runs", "/api/workflows/nope/runs", json("{}"));
        check(409, "POST", "/api/workflows/{id}/runs", "/api/workflows/wf-archived/runs", json("{}"));
        check(422, "POST", "/api/workflows/{id}/runs", "/api/workflows/wf/runs", json("{\"inputs\": [1]}"));

        check(202, "PATCH", "/api/workflows/{id}/phases/{phase}", "/api/workflows/wf-new/phases/a", json("{\"timeoutSeconds\": 77}"));
        check(404, "PATCH", "/api/workflows/{id}/phases/{phase}", "/api/workflows/nope/phases/a", json("{\"timeoutSeconds\": 77}"));
        check(409, "PATCH", "/api/workflows/{id}/phases/{phase}", "/api/workflows/wf-archived/phases/a", json("{\"timeoutSeconds\": 77}"));
        check(422, "PATCH", "/api/workflows/{id}/phases/{phase}", "/api/workflows/wf-new/phases/a", json("{\"colour\": 1}"));
        check(202, "POST", "/api/workflows/{id}/archive", "/api/workflows/wf-new/archive", json("{}"));
        check(404, "POST", "/api/workflows/{id}/archive", "/api/workflows/nope/archive", json("{}"));
        check(409, "POST", "/api/workflows/{id}/archive", "/api/workflows/wf-new/archive", json("{}"));
    }

    @Test
    @Order(2)
    void executionsAndControl() throws Exception {
        checkList("/api/executions");
        for (String route : List.of("/api/executions/{id}", "/api/executions/{id}/control")) {
            check(200, "GET", route, route.replace("{id}", done));
            check(404, "GET", route, route.replace("{id}", "nope"));
            check(409, "GET", route, route.replace("{id}", "ex-"));
            check(504, "GET", route, route.replace("{id}", done) + BEHIND);
        }
        check(200, "GET", "/api/executions/{id}/stream", "/api/executions/" + done + "/stream");
        check(404, "GET", "/api/executions/{id}/stream", "/api/executions/nope/stream");
        check(409, "GET", "/api/executions/{id}/stream", "/api/executions/ex-/stream");
        checkStreamOpens("/api/activity/stream", "/api/activity/stream");
        check(400, "GET", "/api/activity/stream", "/api/activity/stream?last_event_id=yesterday");

        pausable = run("pausable");
        check(202, "POST", "/api/executions/{id}/pause", "/api/executions/" + pausable + "/pause", json("{\"reason\": \"look\"}"));
        api.awaitExecution(pausable, d -> ApiClient.status(d).equals("PAUSED"), WAIT, "PAUSED");
        check(202, "POST", "/api/executions/{id}/resume", "/api/executions/" + pausable + "/resume", json("{}"));
        check(202, "POST", "/api/executions/{id}/cancel", "/api/executions/" + slow + "/cancel", json("{\"reason\": \"enough\"}"));
        check(202, "POST", "/api/executions/{id}/phases/{phase}/approve", "/api/executions/" + gatedToApprove + "/phases/gate/approve",
                json("{\"comment\": \"fine\"}"));
        check(202, "POST", "/api/executions/{id}/phases/{phase}/reject", "/api/executions/" + gatedToReject + "/phases/gate/reject",
                json("{\"reason\": \"no\"}"));
        for (String action : List.of("pause", "resume", "cancel", "retry")) {
            String route = "/api/executions/{id}/" + action;
            check(404, "POST", route, "/api/executions/nope/" + action, json("{}"));
            check(409, "POST", route, "/api/executions/" + done + "/" + action, json("{}"));
        }
        for (String action : List.of("approve", "reject")) {
            String route = "/api/executions/{id}/phases/{phase}/" + action;
            check(404, "POST", route, "/api/executions/nope/phases/gate/" + action, json("{}"));
            check(409, "POST", route, "/api/executions/" + done + "/phases/a/" + action, json("{}"));
        }
    }

    @Test
    @Order(3)
    void artifactsSessionsCostsMetrics() throws Exception {
        checkList("/api/artifacts");
        String body = "{\"artifactId\": \"art-made\", \"executionId\": \"" + done + "\", \"phaseId\": \"a\", \"type\": \"MARKDOWN\", "
                + "\"contentType\": \"text/markdown\", \"title\": \"notes.md\", \"content\": \"# hi\"}";
        check(201, "POST", "/api/artifacts", "/api/artifacts", json(body));
        check(409, "POST", "/api/artifacts", "/api/artifacts", json(body));
        check(422, "POST", "/api/artifacts", "/api/artifacts", json("{\"title\": \"no content\"}"));
        for (String route : List.of("/api/artifacts/{id}", "/api/artifacts/{id}/content")) {
            check(200, "GET", route, route.replace("{id}", artifact));
            check(404, "GET", route, route.replace("{id}", "nope"));
            check(409, "GET", route, route.replace("{id}", "art-"));
            check(504, "GET", route, route.replace("{id}", artifact) + BEHIND);
        }
        check(202, "PATCH", "/api/artifacts/{id}", "/api/artifacts/art-made", json("{\"title\": \"renamed.md\"}"));
        check(422, "PATCH", "/api/artifacts/{id}", "/api/artifacts/art-made", json("{\"colour\": 1}"));
        check(404, "PATCH", "/api/artifacts/{id}", "/api/artifacts/nope", json("{\"title\": \"x\"}"));
        check(202, "DELETE", "/api/artifacts/{id}", "/api/artifacts/art-made", json("{\"reason\": \"obsolete\"}"));
        check(409, "DELETE", "/api/artifacts/{id}", "/api/artifacts/art-made", json("{\"reason\": \"again\"}"));
        check(409, "PATCH", "/api/artifacts/{id}", "/api/artifacts/art-made", json("{\"title\": \"after delete\"}"));
        check(404, "DELETE", "/api/artifacts/{id}", "/api/artifacts/nope", json("{}"));

        checkList("/api/sessions");
        check(200, "GET", "/api/sessions/{id}", "/api/sessions/" + session);
        check(404, "GET", "/api/sessions/{id}", "/api/sessions/nope");
        check(409, "GET", "/api/sessions/{id}", "/api/sessions/" + session.substring(0, 1));
        check(504, "GET", "/api/sessions/{id}", "/api/sessions/" + session + BEHIND);

        check(200, "GET", "/api/costs/executions/{id}", "/api/costs/executions/" + done);
        check(404, "GET", "/api/costs/executions/{id}", "/api/costs/executions/nope");
        check(504, "GET", "/api/costs/executions/{id}", "/api/costs/executions/" + done + BEHIND);
        check(200, "GET", "/api/costs/executions/{id}/phases/{phase}", "/api/costs/executions/" + done + "/phases/a");
        check(404, "GET", "/api/costs/executions/{id}/phases/{phase}", "/api/costs/executions/" + done + "/phases/nope");
        check(504, "GET", "/api/costs/executions/{id}/phases/{phase}", "/api/costs/executions/" + done + "/phases/a" + BEHIND);
        for (String route : List.of("/api/costs/models", "/api/metrics/dashboard", "/api/repos/health")) {
            check(200, "GET", route, route);
            check(400, "GET", route, route + BAD_AFTER);
            check(504, "GET", route, route + BEHIND);
        }
        check(200, "GET", "/api/metrics/workflows/{id}", "/api/metrics/workflows/wf");
        check(400, "GET", "/api/metrics/workflows/{id}", "/api/metrics/workflows/wf" + BAD_AFTER);
        check(200, "GET", "/api/metrics/workflows/{id}", "/api/metrics/workflows/nope"); // no runs yet: zeros
        check(504, "GET", "/api/metrics/workflows/{id}", "/api/metrics/workflows/wf" + BEHIND);
        check(200, "GET", "/api/repos/executions", "/api/repos/executions?repo=acme/api");
        check(400, "GET", "/api/repos/executions", "/api/repos/executions");
        check(504, "GET", "/api/repos/executions", "/api/repos/executions?repo=acme/api&" + BEHIND.substring(1));
    }

    @Test
    @Order(4)
    void organizationsSystemsRepos() throws Exception {
        checkList("/api/organizations");
        check(201, "POST", "/api/organizations", "/api/organizations", json("{\"organizationId\": \"gone\", \"name\": \"Gone\"}"));
        check(409, "POST", "/api/organizations", "/api/organizations", json("{\"organizationId\": \"gone\", \"name\": \"Gone\"}"));
        check(422, "POST", "/api/organizations", "/api/organizations", json("{\"organizationId\": \"nameless\"}"));
        check(202, "PATCH", "/api/organizations/{id}", "/api/organizations/gone", json("{\"name\": \"Going\"}"));
        check(422, "PATCH", "/api/organizations/{id}", "/api/organizations/gone", json("{\"colour\": 1}"));
        check(404, "PATCH", "/api/organizations/{id}", "/api/organizations/nope", json("{\"name\": \"X\"}"));
        check(202, "DELETE", "/api/organizations/{id}", "/api/organizations/gone", json("{}"));
        check(409, "DELETE", "/api/organizations/{id}", "/api/organizations/gone", json("{}"));
        check(409, "PATCH", "/api/organizations/{id}", "/api/organizations/gone", json("{\"name\": \"Back\"}"));
        check(404, "DELETE", "/api/organizations/{id}", "/api/organizations/nope", json("{}"));

        checkList("/api/systems");
        check(201, "POST", "/api/systems", "/api/systems", json("{\"systemId\": \"old\", \"organizationId\": \"acme\", \"name\": \"Old\"}"));
        check(409, "POST", "/api/systems", "/api/systems", json("{\"systemId\": \"old\", \"organizationId\": \"acme\", \"name\": \"Old\"}"));
        check(422, "POST", "/api/systems", "/api/systems", json("{\"systemId\": \"x\", \"organizationId\": \"acme\"}"));
        check(202, "PATCH", "/api/systems/{id}", "/api/systems/old", json("{\"name\": \"Older\"}"));
        check(422, "PATCH", "/api/systems/{id}", "/api/systems/old", json("{\"colour\": 1}"));
        check(404, "PATCH", "/api/systems/{id}", "/api/systems/nope", json("{\"name\": \"X\"}"));
        check(202, "PUT", "/api/systems/{id}/repos/{repo}", "/api/systems/pay/repos/" + repoId, json("{}"));
        check(409, "PUT", "/api/systems/{id}/repos/{repo}", "/api/systems/pay/repos/" + repoId, json("{}"));
        check(404, "PUT", "/api/systems/{id}/repos/{repo}", "/api/systems/nope/repos/" + repoId, json("{}"));
        check(202, "DELETE", "/api/systems/{id}/repos/{repo}", "/api/systems/pay/repos/" + repoId, json("{}"));
        check(409, "DELETE", "/api/systems/{id}/repos/{repo}", "/api/systems/pay/repos/" + repoId, json("{}"));
        check(404, "DELETE", "/api/systems/{id}/repos/{repo}", "/api/systems/nope/repos/" + repoId, json("{}"));
        check(202, "DELETE", "/api/systems/{id}", "/api/systems/old", json("{}"));
        check(409, "DELETE", "/api/systems/{id}", "/api/systems/old", json("{}"));
        check(409, "PATCH", "/api/systems/{id}", "/api/systems/old", json("{\"name\": \"Back\"}"));
        check(404, "DELETE", "/api/systems/{id}", "/api/systems/nope", json("{}"));

        checkList("/api/repos");
        String web = "{\"organizationId\": \"acme\", \"provider\": \"GITHUB\", \"fullName\": \"acme/web\", "
                + "\"defaultBranch\": \"main\", \"privateRepo\": false}";
        var created = check(201, "POST", "/api/repos", "/api/repos", json(web));
        String webId = created.body().get("id").asText();
        check(409, "POST", "/api/repos", "/api/repos", json(web));
        check(422, "POST", "/api/repos", "/api/repos", json("{\"organizationId\": \"acme\", \"provider\": \"GITHUB\"}"));
        check(202, "PATCH", "/api/repos/{repo}", "/api/repos/" + webId, json("{\"defaultBranch\": \"trunk\"}"));
        check(422, "PATCH", "/api/repos/{repo}", "/api/repos/" + webId, json("{\"colour\": 1}"));
        check(404, "PATCH", "/api/repos/{repo}", "/api/repos/acme/no/such", json("{\"defaultBranch\": \"x\"}"));
        check(202, "DELETE", "/api/repos/{repo}", "/api/repos/" + webId, json("{}"));
        check(409, "DELETE", "/api/repos/{repo}", "/api/repos/" + webId, json("{}"));
        check(409, "PATCH", "/api/repos/{repo}", "/api/repos/" + webId, json("{\"defaultBranch\": \"main\"}"));
        check(404, "DELETE", "/api/repos/{repo}", "/api/repos/acme/no/such", json("{}"));
    }

    @Test
    @Order(5)
    void triggersAndWebhooks() throws Exception {
        check(200, "GET", "/api/trigger-presets", "/api/trigger-presets");
        checkList("/api/triggers");
        String rule = "{\"triggerId\": \"trg-2\", \"name\": \"review\", \"preset\": \"review_fix\", \"repository\": \"acme/api\", "
                + "\"workflowId\": \"wf\"}";
        check(201, "POST", "/api/triggers", "/api/triggers", json(rule));
        check(400, "POST", "/api/triggers", "/api/triggers", json("["));
        check(409, "POST", "/api/triggers", "/api/triggers", json(rule));
        check(422, "POST", "/api/triggers", "/api/triggers", json("{\"name\": \"x\", \"event\": \"nonsense\", "
                + "\"repository\": \"acme/api\", \"workflowId\": \"wf\"}"));
        check(200, "GET", "/api/triggers/{id}", "/api/triggers/trg");
        check(404, "GET", "/api/triggers/{id}", "/api/triggers/nope");
        check(504, "GET", "/api/triggers/{id}", "/api/triggers/trg" + BEHIND);
        check(200, "GET", "/api/triggers/{id}/history", "/api/triggers/trg/history");
        check(400, "GET", "/api/triggers/{id}/history", "/api/triggers/trg/history?limit=0");
        check(504, "GET", "/api/triggers/{id}/history", "/api/triggers/trg/history" + BEHIND);
        check(202, "PATCH", "/api/triggers/{id}", "/api/triggers/trg-2", json("{\"name\": \"review fixes\"}"));
        check(400, "PATCH", "/api/triggers/{id}", "/api/triggers/trg-2", json("{"));
        check(404, "PATCH", "/api/triggers/{id}", "/api/triggers/nope", json("{\"name\": \"x\"}"));
        check(409, "PATCH", "/api/triggers/{id}", "/api/triggers/trg-2", json("{\"name\": \"review fixes\"}"));
        check(422, "PATCH", "/api/triggers/{id}", "/api/triggers/trg-2", json("{\"name\": \" \"}"));
        check(202, "POST", "/api/triggers/{id}/pause", "/api/triggers/trg-2/pause", json("{\"reason\": \"quiet\"}"));
        check(400, "POST", "/api/triggers/{id}/pause", "/api/triggers/trg-2/pause", json("{"));
        check(404, "POST", "/api/triggers/{id}/pause", "/api/triggers/nope/pause", json("{}"));
        check(409, "POST", "/api/triggers/{id}/pause", "/api/triggers/trg-2/pause", json("{}"));
        check(202, "POST", "/api/triggers/{id}/resume", "/api/triggers/trg-2/resume", json("{}"));
        check(400, "POST", "/api/triggers/{id}/resume", "/api/triggers/trg-2/resume", json("{"));
        check(404, "POST", "/api/triggers/{id}/resume", "/api/triggers/nope/resume", json("{}"));
        check(409, "POST", "/api/triggers/{id}/resume", "/api/triggers/trg-2/resume", json("{}"));
        check(202, "DELETE", "/api/triggers/{id}", "/api/triggers/trg-2", json("{}"));
        check(400, "DELETE", "/api/triggers/{id}", "/api/triggers/trg-2", json("{"));
        check(404, "DELETE", "/api/triggers/{id}", "/api/triggers/nope", json("{}"));
        check(409, "DELETE", "/api/triggers/{id}", "/api/triggers/trg-2", json("{}"));

        String delivery = "{\"action\": \"completed\", \"repository\": {\"full_name\": \"acme/api\"}, \"check_run\": "
                + "{\"conclusion\": \"success\", \"pull_requests\": []}}";
        check(202, "POST", "/api/webhooks/github", "/api/webhooks/github", json(delivery), "X-GitHub-Event", "check_run",
                "X-GitHub-Delivery", "d-1", "X-Hub-Signature-256", sign(delivery));
        check(400, "POST", "/api/webhooks/github", "/api/webhooks/github", json(delivery), "X-Hub-Signature-256", sign(delivery));
        check(401, "POST", "/api/webhooks/github", "/api/webhooks/github", json(delivery), "X-GitHub-Event", "check_run",
                "X-GitHub-Delivery", "d-2");
        check(422, "POST", "/api/webhooks/github", "/api/webhooks/github", json("{}"), "X-GitHub-Event", "check_run",
                "X-GitHub-Delivery", "d-3", "X-Hub-Signature-256", sign("{}"));
    }

    @Test
    @Order(6)
    void tokensAndTelemetry() throws Exception {
        var token = check(201, "POST", "/api/tokens", "/api/tokens", json("{\"name\": \"ci\"}"));
        check(400, "POST", "/api/tokens", "/api/tokens", json("{"));
        check(422, "POST", "/api/tokens", "/api/tokens", json("{\"name\": \"\"}"));
        check(200, "GET", "/api/tokens", "/api/tokens");
        check(200, "DELETE", "/api/tokens/{id}", "/api/tokens/" + token.body().get("id").asText(), null);
        check(404, "DELETE", "/api/tokens/{id}", "/api/tokens/nope", null);

        String event = "{\"time\": \"2026-11-24T10:00:00Z\", \"type\": \"error\", \"session\": \"s-1\", \"data\": {\"m\": 1}}";
        check(200, "POST", "/api/telemetry/events", "/api/telemetry/events", json("[" + event + "]"));
        check(400, "POST", "/api/telemetry/events", "/api/telemetry/events", json("{"));
        check(413, "POST", "/api/telemetry/events", "/api/telemetry/events", json("[" + (event + ",").repeat(20_000) + event + "]"));
        check(422, "POST", "/api/telemetry/events", "/api/telemetry/events", json("[{\"type\": \"error\"}]"));
        check(200, "GET", "/api/telemetry/events", "/api/telemetry/events?session=s-1");
        check(400, "GET", "/api/telemetry/events", "/api/telemetry/events?cursor=zzz");
        String hook = "{\"hook_event_name\": \"PostToolUse\", \"session_id\": \"s-1\", \"tool_name\": \"Bash\", "
                + "\"tool_use_id\": \"t-1\", \"tool_input\": {\"command\": \"ls\"}, \"tool_response\": {}}";
        check(200, "POST", "/api/telemetry/hooks", "/api/telemetry/hooks?execution=" + done, json(hook));
        check(400, "POST", "/api/telemetry/hooks", "/api/telemetry/hooks", json("{\"no\": \"hook\"}"));
        check(200, "GET", "/api/telemetry/sessions/{session}/tools", "/api/telemetry/sessions/s-1/tools");
        String logs = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"session.id\",\"value\":{\"stringValue\":"
                + "\"s-otlp\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"1795558285934000000\",\"body\":"
                + "{\"stringValue\":\"claude_code.tool_result\"},\"attributes\":[{\"key\":\"tool_use_id\",\"value\":"
                + "{\"stringValue\":\"toolu_1\"}},{\"key\":\"tool_name\",\"value\":{\"stringValue\":\"Bash\"}},"
                + "{\"key\":\"success\",\"value\":{\"stringValue\":\"true\"}}]}]}]}]}";
        String metrics = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"session.id\",\"value\":"
                + "{\"stringValue\":\"s-otlp\"}}]},\"scopeMetrics\":[{\"metrics\":[{\"name\":\"claude_code.session.count\","
                + "\"sum\":{\"dataPoints\":[{\"timeUnixNano\":\"1795558285934000000\",\"asInt\":\"1\"}]}}]}]}]}";
        String huge = "{\"resourceLogs\":[],\"padding\":\"" + "x".repeat(12_000_000) + "\"}";
        for (var otlp : Map.of("/v1/logs", logs, "/v1/metrics", metrics).entrySet()) {
            String route = otlp.getKey();
            check(200, "POST", route, route, json(otlp.getValue()));
            check(400, "POST", route, route, json("{not json"));
            checkTooLarge(route, huge);
            check(415, "POST", route, route, new Body("application/x-protobuf", "\n\u0000"));
        }
        check(200, "GET", "/api/telemetry/costs", "/api/telemetry/costs?by=model");
        check(400, "GET", "/api/telemetry/costs", "/api/telemetry/costs?by=colour");
    }

    @Test
    @Order(7)
    void everyRouteNeedsATokenWhereTokensAreRequiredAndTheWebhookNeedsASecret(@TempDir Path dataDir) throws Exception {
        Server locked = started(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0", "SYN_AUTH", "required"));
        ApiClient client = new ApiClient(locked.port());
        forEachOperation((method, path, operation) -> {
            if (isPublic(operation)) {
                return;
            }
            var response = client.send(method, concrete(path), method.equals("GET") ? null : "{}");
            assertThat(response.status()).as(method + " " + path + ": " + response.raw()).isEqualTo(401);
            assertThat(response.body().get("type").asText()).endsWith("/unauthorized");
            seen.add(new Answer(method, path, 401));
        });
        var unsigned = client.send("POST", "/api/webhooks/github", "{}", "X-GitHub-Event", "ping", "X-GitHub-Delivery", "d");
        assertThat(unsigned.status()).as(unsigned.raw()).isEqualTo(503);
        seen.add(new Answer("POST", "/api/webhooks/github", 503));
    }

    @Test
    @Order(8)
    void everyRouteAnswers429OnceItsClientsRateIsSpent(@TempDir Path dataDir) throws Exception {
        Server limited = started(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0", "SYN_RATE_LIMIT", "0.001:1"));
        ApiClient client = new ApiClient(limited.port());
        assertThat(client.get("/api/health").status()).as("the one request the burst allows").isEqualTo(200);
        forEachOperation((method, path, operation) -> {
            var response = client.send(method, concrete(path), method.equals("GET") ? null : "{}");
            assertThat(response.status()).as(method + " " + path + ": " + response.raw()).isEqualTo(429);
            assertThat(response.body().get("type").asText()).endsWith("/rate-limited");
            seen.add(new Answer(method, path, 429));
        });
    }

    @Test
    @Order(9)
    void aStoppingCollectorAnswers503(@TempDir Path dataDir) throws Exception {
        Server stopping = started(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0"));
        ApiClient client = new ApiClient(stopping.port());
        stopping.telemetry().buffer().close();
        var events = client.send("POST", "/api/telemetry/events", "[{\"time\": \"2026-11-24T10:00:00Z\", \"type\": \"error\", "
                + "\"session\": \"s\", \"data\": {}}]");
        assertThat(events.status()).as(events.raw()).isEqualTo(503);
        seen.add(new Answer("POST", "/api/telemetry/events", 503));
        var hook = client.send("POST", "/api/telemetry/hooks", "{\"hook_event_name\": \"Stop\", \"session_id\": \"s\"}");
        assertThat(hook.status()).as(hook.raw()).isEqualTo(503);
        seen.add(new Answer("POST", "/api/telemetry/hooks", 503));
        var logs = client.send("POST", "/v1/logs", "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":"
                + "\"1795558285934000000\",\"body\":{\"stringValue\":\"claude_code.user_prompt\"}}]}]}]}");
        assertThat(logs.status()).as(logs.raw()).isEqualTo(503);
        seen.add(new Answer("POST", "/v1/logs", 503));
        var metrics = client.send("POST", "/v1/metrics", "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":"
                + "\"claude_code.session.count\",\"sum\":{\"dataPoints\":[{\"timeUnixNano\":\"1795558285934000000\",\"asInt\":\"1\"}]}}]}]}]}");
        assertThat(metrics.status()).as(metrics.raw()).isEqualTo(503);
        seen.add(new Answer("POST", "/v1/metrics", 503));
    }

    @Test
    @Order(10)
    void anInterruptedRunIsRetried(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0", "SYN_RETRY_AFTER_RESTART", "false");
        String execution;
        try (Server first = Main.start(ServerConfig.fromEnvironment(env), env)) {
            ApiClient client = new ApiClient(first.port());
            assertThat(client.post("/api/workflows", "application/yaml", "id: slow\nname: Slow\nphases:\n"
                    + phase("a", "sleep 60")).status()).isEqualTo(201);
            execution = client.postJson("/api/workflows/slow/runs", "{}").body().get("execution_id").asText();
            client.awaitExecution(execution, d -> ApiClient.status(d).equals("RUNNING"), WAIT, "RUNNING");
        }
        Server second = started(env);
        ApiClient client = new ApiClient(second.port());
        client.awaitExecution(execution, d -> ApiClient.status(d).equals("INTERRUPTED"), WAIT, "INTERRUPTED after the restart");
        var retried = client.postJson("/api/executions/" + execution + "/retry", "{}");
        assertThat(retried.status()).as(retried.raw()).isEqualTo(202);
        seen.add(new Answer("POST", "/api/executions/{id}/retry", 202));
        client.postJson("/api/executions/" + execution + "/cancel", "{}");
    }

    @Test
    @Order(11)
    void projectionsAndARebuildOnDemand() throws Exception {
        var list = check(200, "GET", "/api/projections", "/api/projections");
        assertThat(list.body().path("items").findValuesAsText("name")).contains("executions", "sessions");
        var rebuild = check(202, "POST", "/api/projections/{name}/rebuild", "/api/projections/sessions/rebuild", null);
        assertThat(rebuild.body().path("rebuildingGeneration").asLong()).isPositive();
        check(404, "POST", "/api/projections/{name}/rebuild", "/api/projections/nope/rebuild", null);

        // two servers sharing one PostgreSQL: a projection runs (and is rebuilt) on the server holding its lease
        try (var database = io.syntropic137.testing.PostgresTestDatabase.create("syn_api_leases")) {
            String url = "postgresql://" + database.user() + "@" + URI.create(database.jdbcUrl().substring(5)).getAuthority()
                    + "/" + database.name();
            Path dirs = java.nio.file.Files.createTempDirectory("syn-leases");
            Server first = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATABASE_URL", url, "SYN_PORT", "0",
                    "SYN_DATA_DIR", dirs.resolve("a").toString())));
            Server second = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATABASE_URL", url, "SYN_PORT", "0",
                    "SYN_DATA_DIR", dirs.resolve("b").toString())));
            try {
                ApiClient other = new ApiClient(second.port());
                String followed = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (followed == null && System.nanoTime() < deadline) {
                    for (JsonNode projection : other.get("/api/projections").body().path("items")) {
                        if (projection.path("state").asText().equals("FOLLOWING")) {
                            followed = projection.path("name").asText();
                        }
                    }
                    Thread.sleep(50);
                }
                assertThat(followed).as("the second server follows a projection the first one runs").isNotNull();
                var refused = other.send("POST", "/api/projections/" + followed + "/rebuild", null);
                assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
                assertThat(refused.body().path("detail").asText()).contains("another node");
                seen.add(new Answer("POST", "/api/projections/{name}/rebuild", 409));
            } finally {
                second.close();
                first.close();
            }
        }
    }

    @Test
    @Order(100)
    void everyDocumentedAnswerWasProvoked() throws Exception {
        TreeSet<Answer> documented = new TreeSet<>();
        forEachOperation((method, path, operation) -> operation.get("responses").properties()
                .forEach(r -> documented.add(new Answer(method, path, Integer.parseInt(r.getKey())))));
        assertThat(new TreeSet<>(seen)).as("answers provoked here but not in openapi.yaml").isSubsetOf(documented);
        TreeSet<Answer> missing = new TreeSet<>(documented);
        missing.removeAll(seen);
        assertThat(missing).as("documented answers no request here provoked").isEmpty();
    }

    // ---- helpers ----

    private record Body(String contentType, String text) {
    }

    private static Body json(String text) {
        return new Body("application/json", text);
    }

    private static Body yaml(String text) {
        return new Body("application/yaml", text);
    }

    /** A paged list: its page, a page size out of range (400), a read model behind the asked position (504). */
    private void checkList(String route) throws Exception {
        check(200, "GET", route, route);
        check(400, "GET", route, route + "?limit=0");
        check(504, "GET", route, route + BEHIND);
    }

    private ApiClient.Response check(int status, String method, String template, String path) throws Exception {
        return check(status, method, template, path, null);
    }

    private ApiClient.Response check(int status, String method, String template, String path, Body body, String... headers)
            throws Exception {
        ApiClient.Response response;
        if (body != null && !body.contentType().equals("application/json")) {
            response = api.post(path, body.contentType(), body.text());
        } else {
            response = api.send(method, path, body == null ? null : body.text(), headers);
        }
        assertThat(response.status()).as(method + " " + path + " → " + response.raw()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.body()).as(method + " " + path + ": an error answers with JSON").isNotNull();
            assertThat(response.body().path("status").asInt(status)).isEqualTo(status);
        }
        seen.add(new Answer(method, template, status));
        return response;
    }

    /**
     * A body over the size limit, sent the way a careful client must: the server answers 413 before it has read
     * the body and may close the connection meanwhile, so the body is written on another thread (its broken pipe
     * is expected) while the answer is read. Sent with {@link #check} it failed now and then on the broken pipe.
     */
    private void checkTooLarge(String route, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + route + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (java.io.IOException expected) {
                    // the server stopped reading after its answer: that is the point of this request
                }
            });
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            writer.join(30_000);
            assertThat(response).as("POST " + route + " with " + bytes.length + " bytes").startsWith("HTTP/1.1 413");
            JsonNode problem = new ObjectMapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(problem.path("status").asInt()).isEqualTo(413);
        }
        seen.add(new Answer("POST", route, 413));
    }

    private void checkStreamOpens(String template, String path) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream stream = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        }
        seen.add(new Answer("GET", template, 200));
    }

    @FunctionalInterface
    private interface OperationCheck {
        void accept(String method, String path, JsonNode operation) throws Exception;
    }

    private void forEachOperation(OperationCheck check) throws Exception {
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) document.get("paths").properties()::iterator) {
            for (var operation : (Iterable<Map.Entry<String, JsonNode>>) path.getValue().properties()::iterator) {
                check.accept(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), operation.getValue());
            }
        }
    }

    private static boolean isPublic(JsonNode operation) {
        return operation.has("security") && operation.get("security").isEmpty();
    }

    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]+}", "x");
    }

    private Server started(Map<String, String> env) {
        Server s = Main.start(ServerConfig.fromEnvironment(env), env);
        servers.add(s);
        return s;
    }

    private static String phase(String id, String script) {
        return "  - id: " + id + "\n    agent: command\n    timeout_seconds: 120\n    command: [sh, -c, '" + script + "']\n"
                + "    prompt_template: go\n";
    }

    private void workflow(String yaml) throws Exception {
        var created = api.post("/api/workflows", "application/yaml", yaml);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    private String run(String workflow) throws Exception {
        var run = api.postJson("/api/workflows/" + workflow + "/runs", "{\"task\": \"t\"}");
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        return run.body().get("execution_id").asText();
    }

    private String awaitFirst(String path, String field) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode items = api.get(path).body().path("items");
            if (!items.isEmpty()) {
                return items.get(0).get(field).asText();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " stayed empty");
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
