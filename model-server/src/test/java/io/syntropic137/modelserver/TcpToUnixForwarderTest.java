package io.syntropic137.modelserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpToUnixForwarderTest {

    @Test
    void aTcpClientReachesAServerThatListensOnlyOnAUnixSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("api.sock");
        StringBuilder script = new StringBuilder("[");
        for (int i = 0; i < 8; i++) script.append(i == 0 ? "" : ",").append("{\"content\": [{\"type\": \"text\", \"text\": \"reply ").append(i).append("\"}]}");
        script.append("]");
        try (ModelServer server = ModelServer.builder().script(new ScriptParser().parse("f", script + "")).unixSocket(socket).start();
             TcpToUnixForwarder forwarder = TcpToUnixForwarder.start(0, socket);
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {

            // eight concurrent streams through the relay, each in its own session
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                responses.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forwarder.port() + "/v1/messages"))
                        .timeout(Duration.ofSeconds(10)).header(MessagesApi.SESSION_HEADER, "agent-" + i)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":true,\"messages\":[]}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }

            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(SseParsing.contentOf(SseParsing.parse(response.get().body())).getFirst().get("text").asText())
                        .isEqualTo("reply 0");
            }
            assertThat(server.requests().messages()).hasSize(8).allSatisfy(r -> assertThat(r.transport()).isEqualTo("unix"));
        }
    }

    @Test
    void aClientIsDisconnectedWhenTheSocketHasNoServer(@TempDir Path dir) throws Exception {
        try (TcpToUnixForwarder forwarder = TcpToUnixForwarder.start(0, dir.resolve("nobody.sock"));
             RawHttpClient client = RawHttpClient.connect(new java.net.InetSocketAddress("127.0.0.1", forwarder.port()))) {
            assertThat(client.closedByServer()).isTrue();
        }
    }
}
