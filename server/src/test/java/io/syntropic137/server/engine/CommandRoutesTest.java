package io.syntropic137.server.engine;

import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands over HTTP beyond running workflows: organizations, systems, repositories, artifacts, workflow changes. */
class CommandRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(int port, String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void organizationsSystemsReposArtifactsAndWorkflowChanges(@TempDir Path dataDir) throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0")))) {
            int port = server.port();
            ApiClient api = new ApiClient(port);
            var org = send(port, "POST", "/api/organizations", "{\"organizationId\": \"acme\", \"name\": \"Acme\"}");
            assertThat(org.statusCode()).as(org.body()).isEqualTo(201);
            var again = send(port, "POST", "/api/organizations", "{\"organizationId\": \"acme\", \"name\": \"Acme\"}");
            assertThat(again.statusCode()).isEqualTo(409);
            var system = send(port, "POST", "/api/systems", "{\"systemId\": \"pay\", \"organizationId\": \"acme\", \"name\": \"Payments\"}");
            assertThat(system.statusCode()).as(system.body()).isEqualTo(201);
            var repo = send(port, "POST", "/api/repos", "{\"organizationId\": \"acme\", \"provider\": \"GITHUB\", "
                    + "\"fullName\": \"acme/api\", \"defaultBranch\": \"main\", \"privateRepo\": true}");
            assertThat(repo.statusCode()).as(repo.body()).isEqualTo(201);
            String repoId = api.get("/api/repos?after=" + position(repo)).body().get("items").get(0).get("repoId").asText();
            var assign = send(port, "PUT", "/api/systems/pay/repos/" + repoId, "{}");
            assertThat(assign.statusCode()).as(assign.body()).isEqualTo(202);
            var unknownField = send(port, "PATCH", "/api/organizations/acme", "{\"name\": \"Acme\", \"colour\": \"red\"}");
            assertThat(unknownField.statusCode()).isEqualTo(422);
            assertThat(unknownField.body()).contains("colour");
            assertThat(send(port, "PATCH", "/api/organizations/nope", "{\"name\": \"X\"}").statusCode()).isEqualTo(404);

            var artifact = send(port, "POST", "/api/artifacts", "{\"executionId\": \"ex-1\", \"phaseId\": \"p\", "
                    + "\"type\": \"MARKDOWN\", \"contentType\": \"text/markdown\", \"title\": \"notes.md\", \"content\": \"# hi\"}");
            assertThat(artifact.statusCode()).as(artifact.body()).isEqualTo(201);
            String artifactId = idOf(artifact);
            assertThat(api.get("/api/artifacts/" + artifactId + "/content?after=" + position(artifact)).raw()).isEqualTo("# hi");
            assertThat(send(port, "PATCH", "/api/artifacts/" + artifactId, "{\"title\": \"renamed.md\"}").statusCode()).isEqualTo(202);
            assertThat(send(port, "DELETE", "/api/artifacts/" + artifactId, "{\"reason\": \"obsolete\"}").statusCode()).isEqualTo(202);
            assertThat(send(port, "POST", "/api/artifacts", "{\"title\": \"x\"}").statusCode()).isEqualTo(422);

            assertThat(api.post("/api/workflows", "application/yaml", "id: wf\nname: WF\nphases:\n  - id: a\n    agent: command\n"
                    + "    command: [true]\n    prompt_template: go\n").status()).isEqualTo(201);
            var update = send(port, "PATCH", "/api/workflows/wf/phases/a", "{\"timeoutSeconds\": 90}");
            assertThat(update.statusCode()).as(update.body()).isEqualTo(202);
            var detail = api.get("/api/workflows/wf?after=" + position(update)).body();
            assertThat(detail.toString()).contains("90");
            assertThat(send(port, "POST", "/api/workflows/wf/archive", "{}").statusCode()).isEqualTo(202);
            var runArchived = api.postJson("/api/workflows/wf/runs", "{\"task\": \"t\"}");
            assertThat(runArchived.status()).isEqualTo(409);
            assertThat(runArchived.body().get("detail").asText()).contains("archived");
        }
    }

    private static long position(HttpResponse<String> response) throws Exception {
        return Api.JSON.readTree(response.body()).get("position").asLong();
    }

    private static String idOf(HttpResponse<String> response) throws Exception {
        return Api.JSON.readTree(response.body()).get("id").asText();
    }

    private static final class Api {
        static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    }
}
