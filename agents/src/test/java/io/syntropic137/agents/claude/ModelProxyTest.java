package io.syntropic137.agents.claude;

import io.syntropic137.modelserver.ModelServer;
import io.syntropic137.modelserver.ScriptParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy over its real socket, with a plain HTTP/1.1 client (one request per connection). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModelProxyTest {
    private static final String PLACEHOLDER = "syn-placeholder-test";
    private static final String REAL_KEY = "sk-ant-real-proxy-test";

    private Path dir;
    private ModelServer upstream;
    private ModelProxy proxy;
    private final RecordingEvents events = new RecordingEvents();

    @BeforeEach
    void start() throws IOException {
        dir = Files.createDirectories(Path.of("target", "px", UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
        upstream = ModelServer.builder().script(new ScriptParser().parse("s.json", """
                [{"content": [{"type": "text", "text": "hello through the proxy"}],
                  "usage": {"input_tokens": 7, "output_tokens": 3}}]""")).tcpPort(0).start();
        proxy = ModelProxy.start(dir.resolve("m"), URI.create(upstream.baseUrl()), () -> REAL_KEY, PLACEHOLDER, events);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        upstream.close();
        Files.deleteIfExists(dir);
    }

    private String post(String key) throws IOException {
        String body = "{\"model\":\"m\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(proxy.socket()));
            String request = "POST /v1/messages?beta=true HTTP/1.1\r\nhost: localhost\r\nx-api-key: " + key
                    + "\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
            Channels.newOutputStream(channel).write(request.getBytes(StandardCharsets.UTF_8));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theRunsPlaceholderIsSwappedForTheRealKeyAndTheStreamComesBackWithItsUsage() throws IOException {
        String response = post(PLACEHOLDER);

        assertThat(response).startsWith("HTTP/1.1 200").contains("transfer-encoding: chunked")
                .contains("event: message_start").contains("hello").contains("event: message_stop");
        assertThat(upstream.requests().messages()).singleElement().satisfies(request -> {
            assertThat(request.secretMatches("x-api-key", REAL_KEY)).isTrue();
            assertThat(request.query()).isEqualTo("beta=true");
        });
        assertThat(events.usages).singleElement().satisfies(usage -> {
            assertThat(usage.tokens().input()).isEqualTo(7);
            assertThat(usage.tokens().output()).isEqualTo(3);
            assertThat(usage.cost()).isNull();
        });
        assertThat(events.yields).as("the run's first model call is no yield point").isEmpty();
    }

    @Test
    void anyOtherKeyIsRefusedAndNothingReachesTheUpstream() throws IOException {
        String response = post(REAL_KEY);

        assertThat(response).startsWith("HTTP/1.1 401").contains("authentication_error");
        assertThat(upstream.requests().all()).isEmpty();
    }
}
