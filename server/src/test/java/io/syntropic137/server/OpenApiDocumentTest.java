package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document stays true: every route the server registers is in it (and nothing it lists is missing from
 * the server), and the real linter accepts it.
 */
class OpenApiDocumentTest {
    private static String normalized(String path) {
        // {id}, <id> and {repo} are all "a parameter here"
        return path.replaceAll("\\{[^}]+}|<[^>]+>", "{}");
    }

    private static TreeSet<String> documented(JsonNode doc) {
        TreeSet<String> routes = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method ->
                routes.add(method.getKey().toUpperCase(Locale.ROOT) + " " + normalized(path.getKey()))));
        return routes;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists(@TempDir Path dataDir) throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0")))) {
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(served.body());
            assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
            TreeSet<String> registered = new TreeSet<>();
            for (String route : server.routes()) {
                String[] parts = route.split(" ", 2);
                if (!parts[0].equals("HEAD") && !parts[0].equals("OPTIONS")) {
                    registered.add(parts[0] + " " + normalized(parts[1]));
                }
            }
            assertThat(registered).as("routes missing from openapi.yaml").isSubsetOf(documented(doc));
            assertThat(documented(doc)).as("documented routes the server does not have").isSubsetOf(registered);
        }
    }

    @Test
    void theLinterAcceptsTheDocument(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("openapi.yaml");
        try (var in = Server.class.getResourceAsStream("/io/syntropic137/server/openapi.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        Path redocly = onPath("redocly").orElseThrow(() -> new AssertionError(
                "`redocly` is not on the PATH: run scripts/setup-test-env (it installs @redocly/cli from npm)"));
        Process lint = new ProcessBuilder(redocly.toString(), "lint", file.toString()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes());
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(lint.exitValue()).as(output).isZero();
        assertThat(output).contains("Your API description is valid");
    }

    private static Optional<Path> onPath(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String d : dirs) {
            Path candidate = Path.of(d, name);
            if (!d.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

}
