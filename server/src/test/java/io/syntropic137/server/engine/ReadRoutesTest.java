package io.syntropic137.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.syntropic137.server.engine.ApiClient.status;
import static org.assertj.core.api.Assertions.assertThat;

/** The read-model routes after a real run: sessions, costs, metrics, repositories; and their errors. */
class ReadRoutesTest {
    @Test
    void aFinishedRunShowsInSessionsCostsAndMetrics(@TempDir Path dataDir) throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0")))) {
            ApiClient api = new ApiClient(server.port());
            String yaml = Files.readString(Path.of("..", "examples", "workflows", "offline-demo", "workflow.yaml"));
            assertThat(api.post("/api/workflows", "application/yaml", yaml).status()).isEqualTo(201);
            String execution = api.postJson("/api/workflows/offline-demo/runs", "{\"task\": \"read it\"}")
                    .body().get("execution_id").asText();
            JsonNode done = api.awaitExecution(execution, d -> status(d).equals("COMPLETED"), Duration.ofSeconds(30), "COMPLETED");
            var sessions = api.get("/api/sessions?execution=" + execution);
            assertThat(sessions.status()).isEqualTo(200);
            assertThat(sessions.body().get("items")).hasSize(2);
            String sessionId = sessions.body().get("items").get(0).get("sessionId").asText();
            assertThat(api.get("/api/sessions/" + sessionId).status()).isEqualTo(200);
            assertThat(api.get("/api/sessions/" + sessionId.substring(0, sessionId.length() - 9)).body().path("sessionId").asText())
                    .as("a unique session id prefix").isEqualTo(sessionId);
            assertThat(api.get("/api/costs/executions/" + execution).status()).isEqualTo(200);
            assertThat(api.get("/api/costs/executions/" + execution + "/phases/notes").status()).isEqualTo(200);
            assertThat(api.get("/api/metrics/dashboard").body().toString()).contains("completed");
            assertThat(api.get("/api/metrics/workflows/offline-demo").body().get("phases")).hasSize(2);
            assertThat(api.get("/api/costs/models").status()).isEqualTo(200);
            assertThat(done.path("phases")).hasSize(2);

            assertThat(api.get("/api/executions/" + execution.substring(0, 12)).body().path("summary").path("executionId").asText())
                    .as("a unique prefix names the execution").isEqualTo(execution);
            String second = api.postJson("/api/workflows/offline-demo/runs", "{\"task\": \"again\"}").body().get("execution_id").asText();
            api.awaitExecution(second, d -> status(d).equals("COMPLETED"), Duration.ofSeconds(30), "COMPLETED");
            var ambiguous = api.get("/api/executions/ex-");
            assertThat(ambiguous.status()).isEqualTo(409);
            assertThat(ambiguous.body().get("candidates")).hasSize(2);
            assertThat(api.postJson("/api/executions/ex-/pause", "{}").status()).isEqualTo(409);

            var missing = api.get("/api/sessions/nope");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body().get("detail").asText()).isEqualTo("session 'nope' does not exist");
            var badStatus = api.get("/api/sessions?status=sleepy");
            assertThat(badStatus.status()).isEqualTo(400);
            assertThat(badStatus.body().get("detail").asText()).contains("status=sleepy is not one of");
            var badLimit = api.get("/api/executions?limit=0");
            assertThat(badLimit.status()).isEqualTo(400);
            assertThat(api.get("/api/repos/executions").status()).isEqualTo(400);
            assertThat(api.get("/api/organizations").status()).isEqualTo(200);
            assertThat(api.get("/api/triggers").status()).isEqualTo(200);
        }
    }
}
