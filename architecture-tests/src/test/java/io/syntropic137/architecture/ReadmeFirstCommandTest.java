package io.syntropic137.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, exactly as written, started from the repository root (in CI: a clean clone), answers
 * its health check and lists the example workflows. This module builds last, so the server jar is already packaged.
 */
class ReadmeFirstCommandTest {
    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theFirstCommandOfTheReadmeStartsAServerWithTheExamples(@TempDir Path dataDir) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        String first = readme.stream().filter(l -> l.startsWith("./syn ")).findFirst().orElseThrow();
        String command = first.replaceAll("\\s+#.*$", "").strip();
        assertThat(command).isEqualTo("./syn serve");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("serve.log").toFile());
        builder.environment().put("SYN_DATA_DIR", dataDir.toString());
        builder.environment().put("SYN_PORT", "0");
        builder.environment().remove("SYN_DATABASE_URL");
        Process server = builder.start();
        try {
            String port = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (port == null && System.nanoTime() < deadline) {
                assertThat(server.isAlive()).as("the server stopped: %s", Files.readString(dataDir.resolve("serve.log"))).isTrue();
                port = Files.readAllLines(dataDir.resolve("serve.log")).stream()
                        .filter(l -> l.startsWith("Syntropic137 is running at http://"))
                        .map(l -> l.replaceAll(".*:(\\d+).*", "$1")).findFirst().orElse(null);
                Thread.sleep(100);
            }
            assertThat(port).as("the server printed where it listens").isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            var workflows = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/workflows")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(workflows.body()).contains("offline-demo", "claude-offline-demo");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
