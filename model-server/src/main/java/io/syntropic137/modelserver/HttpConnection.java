package io.syntropic137.modelserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Serves the requests of one client connection (TCP or Unix socket) in turn until either side closes it. */
final class HttpConnection {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);

    private final SocketChannel channel;
    private final String transport;
    private final MessagesApi api;

    HttpConnection(SocketChannel channel, String transport, MessagesApi api) {
        this.channel = channel;
        this.transport = transport;
        this.api = api;
    }

    /**
     * Ends a connection the API gave up on (a dropped stream, an error with Connection: close): the bytes already sent
     * must reach the client before the connection ends, so the output is half-closed (FIN after the data) before the
     * socket is closed. Closing at once could turn into a reset that makes the client discard what it had received.
     */
    private void endWithoutReset() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            LOG.debug("{} connection: half-close failed ({}); closing it", transport, e.toString());
        }
    }

    void serve() {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024);
            HttpRequestReader reader = new HttpRequestReader(in, out);
            HttpResponder responder = new HttpResponder(out);
            while (true) {
                Optional<HttpRequest> request;
                try {
                    request = reader.next();
                } catch (HttpProtocolException e) {
                    LOG.warn("bad request on a {} connection: {}", transport, e.getMessage());
                    byte[] body = ApiErrors.body(e.status(), e.getMessage()).toString().getBytes(StandardCharsets.UTF_8);
                    responder.send(e.status(), "application/json", body, Map.of(), true, false);
                    return;
                }
                if (request.isEmpty()) return;
                if (!api.handle(request.get(), transport, responder)) {
                    endWithoutReset();
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away (or the server is stopping): normal for aborted or retried streams
            LOG.debug("{} connection ended: {}", transport, e.toString());
        } catch (RuntimeException e) {
            // a bug here must be visible in the server's log; the client sees its connection close
            LOG.error("serving a {} connection failed; closing it", transport, e);
        }
    }
}
