package io.syntropic137.modelserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModelServerMainTest {

    @Test
    void startsOnAFreePortAndAUnixSocketWithTheDemoScriptAndPrintsWhereItListens(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path socket = dir.resolve("m.sock");
        Path log = dir.resolve("log.jsonl");

        try (ModelServer server = ModelServerMain.start(new String[]{"--port", "0", "--unix-socket", socket.toString(), "--log", log.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));
             HttpClient http = HttpClient.newHttpClient()) {
            String output = printed.toString(StandardCharsets.UTF_8);
            assertThat(output).contains("PORT=" + server.tcpPort() + "\n").contains("UNIX_SOCKET=" + socket.toAbsolutePath());

            HttpResponse<String> tcp = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true,\"messages\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(SseParsing.contentOf(SseParsing.parse(tcp.body())).get(1).get("name").asText()).isEqualTo("Write");
            try (RawHttpClient unix = RawHttpClient.connect(UnixDomainSocketAddress.of(socket))) {
                assertThat(unix.post("/v1/messages", "{\"stream\":true,\"messages\":[]}", false, Map.of()).status()).isEqualTo(200);
            }
        }
        assertThat(Files.readAllLines(log)).hasSize(2);
    }

    @Test
    void servesNamedSessionScriptsFromFiles(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("one.json"), "[{\"content\": [{\"type\": \"text\", \"text\": \"from file\"}]}]");

        try (ModelServer server = ModelServerMain.start(new String[]{"--session", "one=" + script}, new PrintStream(new ByteArrayOutputStream()));
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl("one") + "/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true,\"messages\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(SseParsing.contentOf(SseParsing.parse(response.body())).getFirst().get("text").asText()).isEqualTo("from file");
        }
    }

    @Test
    void badArgumentsAndBadScriptsAreRefusedClearly(@TempDir Path dir) throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        Path bad = Files.writeString(dir.resolve("bad.json"), "[{\"fault\": \"explode\"}]");

        assertThatThrownBy(() -> ModelServerMain.start(new String[]{"--port", "0", "--verbose"}, out))
                .isInstanceOf(ModelServerMain.UsageException.class).hasMessage("model-server: unknown option --verbose");
        assertThatThrownBy(() -> ModelServerMain.start(new String[]{"--prot", "1"}, out))
                .isInstanceOf(ModelServerMain.UsageException.class).hasMessage("model-server: unknown option --prot");
        assertThatThrownBy(() -> ModelServerMain.start(new String[]{"--port"}, out))
                .isInstanceOf(ModelServerMain.UsageException.class).hasMessage("model-server: --port needs a value");
        assertThatThrownBy(() -> ModelServerMain.start(new String[]{"--session", "nameonly"}, out))
                .isInstanceOf(ModelServerMain.UsageException.class).hasMessageContaining("NAME=FILE");
        assertThatThrownBy(() -> ModelServerMain.start(new String[]{"--script", bad.toString()}, out))
                .isInstanceOf(ScriptException.class)
                .hasMessage("bad.json: turns[0].fault: unknown fault \"explode\"; expected http, drop or stall");
    }
}
