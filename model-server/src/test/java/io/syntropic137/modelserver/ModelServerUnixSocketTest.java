package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server on a Unix domain socket, the only way a sandboxed agent reaches the model; driven by a raw client. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModelServerUnixSocketTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STREAM_REQUEST = """
            {"model": "claude-test", "stream": true, "messages": [{"role": "user", "content": "go"}]}""";

    @TempDir
    Path dir;
    private final ScriptParser parser = new ScriptParser();
    private ModelServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private UnixDomainSocketAddress serve(String scriptJson) throws IOException {
        Path socket = dir.resolve("api.sock");
        server = ModelServer.builder().script(parser.parse("unix.json", scriptJson)).unixSocket(socket).start();
        return UnixDomainSocketAddress.of(socket);
    }

    @Test
    void servesSeveralRequestsOnOneKeptAliveConnectionWithEitherBodyFraming() throws Exception {
        var address = serve("""
                [{"content": [{"type": "text", "text": "first"}]},
                 {"content": [{"type": "tool_use", "name": "Read", "input": {"file_path": "/etc/hostname"}}]}]""");

        try (RawHttpClient client = RawHttpClient.connect(address)) {
            RawHttpClient.Response first = client.post("/v1/messages?beta=true", STREAM_REQUEST, false, Map.of());
            RawHttpClient.Response second = client.post("/v1/messages?beta=true", STREAM_REQUEST, true, Map.of());

            assertThat(first.complete()).isTrue();
            assertThat(first.headers()).containsEntry("connection", "keep-alive");
            assertThat(SseParsing.contentOf(SseParsing.parse(first.body())).getFirst().get("text").asText()).isEqualTo("first");
            assertThat(second.complete()).isTrue();
            assertThat(SseParsing.contentOf(SseParsing.parse(second.body())).getFirst().get("name").asText()).isEqualTo("Read");
        }
        assertThat(server.requests().messages()).extracting(RecordedRequest::transport).containsExactly("unix", "unix");
        assertThat(server.requests().messages().get(1).body().get("model").asText()).isEqualTo("claude-test");
    }

    @Test
    void anOverloadedFaultAndADroppedStreamLookTheSameAsOverTcp() throws Exception {
        var address = serve("""
                [{"fault": "http", "status": 529, "retry_after": 1},
                 {"fault": "drop", "after_events": 4},
                 {"content": [{"type": "text", "text": "a reply long enough to be cut"}]}]""");

        try (RawHttpClient client = RawHttpClient.connect(address)) {
            RawHttpClient.Response overloaded = client.post("/v1/messages", STREAM_REQUEST, false, Map.of());
            assertThat(overloaded.status()).isEqualTo(529);
            assertThat(overloaded.headers()).containsEntry("retry-after", "1");
            assertThat(MAPPER.readTree(overloaded.body()).at("/error/type").asText()).isEqualTo("overloaded_error");

            RawHttpClient.Response dropped = client.post("/v1/messages", STREAM_REQUEST, false, Map.of());
            assertThat(dropped.status()).isEqualTo(200);
            assertThat(dropped.complete()).isFalse();
            assertThat(SseParsing.parse(dropped.body())).extracting(SseParsing.Event::event)
                    .containsExactly("message_start", "ping", "content_block_start", "content_block_delta");
            assertThat(client.closedByServer()).isTrue();
        }
        try (RawHttpClient client = RawHttpClient.connect(address)) {
            RawHttpClient.Response whole = client.post("/v1/messages", STREAM_REQUEST, false, Map.of());
            assertThat(whole.complete()).isTrue();
        }
    }

    @Test
    void aMalformedRequestGetsA400AndTheConnectionIsClosed() throws Exception {
        var address = serve("[]");

        try (RawHttpClient client = RawHttpClient.connect(address)) {
            client.sendRaw("NONSENSE\r\n\r\n");
            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(400);
            assertThat(MAPPER.readTree(response.body()).at("/error/message").asText()).isEqualTo("malformed request line: NONSENSE");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aStaleSocketFileIsReplacedButAnyOtherFileIsLeftAlone() throws Exception {
        Path socket = dir.resolve("api.sock");
        try (ServerSocketChannel leftover = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            leftover.bind(UnixDomainSocketAddress.of(socket)); // a socket file whose server is gone
        }
        assertThat(socket).exists();
        server = ModelServer.builder().script(parser.parse("s", "[]")).unixSocket(socket).start();
        try (RawHttpClient client = RawHttpClient.connect(UnixDomainSocketAddress.of(socket))) {
            assertThat(client.post("/v1/messages", STREAM_REQUEST, false, Map.of()).status()).isEqualTo(200);
        }
        server.close();
        assertThat(socket).doesNotExist();

        Path regular = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> ModelServer.builder().script(parser.parse("s", "[]")).unixSocket(regular).start())
                .isInstanceOf(IOException.class).hasMessageContaining("exists and is not a socket");
        assertThat(regular).hasContent("keep me");
    }
}
