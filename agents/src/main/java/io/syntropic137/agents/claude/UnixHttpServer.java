package io.syntropic137.agents.claude;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server on a Unix domain socket: one virtual thread per connection, keep-alive. The sandbox
 * reaches it only through the socket file bound into it ({@code ProcessSpec.bindSockets}). Closing it removes the
 * socket file and interrupts handlers still running (e.g. one blocked at a paused yield point).
 */
final class UnixHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnixHttpServer.class);

    /** Handles one request; throw InterruptedException when the server is closing under it. */
    interface Handler {
        void handle(HttpRequestHead request, HttpResponseWriter response) throws IOException, InterruptedException;
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Handler handler;
    private final String name;
    private final Set<Thread> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private UnixHttpServer(Path socket, ServerSocketChannel server, Handler handler, String name) {
        this.socket = socket;
        this.server = server;
        this.handler = handler;
        this.name = name;
    }

    static UnixHttpServer start(Path socket, String name, Handler handler) throws IOException {
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + socket + " for the " + name + ": " + e.getMessage(), e);
        }
        UnixHttpServer server = new UnixHttpServer(socket, channel, handler, name);
        Thread.ofVirtual().name(name + "-accept").start(server::acceptLoop);
        return server;
    }

    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return; // closed: the run is over
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: accept failed on {}", name, socket, e);
                }
                return;
            }
            Thread thread = Thread.ofVirtual().name(name + "-connection").unstarted(() -> serve(connection));
            connections.add(thread);
            thread.start();
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            InputStream in = Channels.newInputStream(connection);
            OutputStream out = Channels.newOutputStream(connection);
            HttpResponseWriter response = new HttpResponseWriter(out);
            while (!closed) {
                Optional<HttpRequestHead> request = HttpRequestHead.read(in, out);
                if (request.isEmpty()) {
                    return;
                }
                handler.handle(request.get(), response);
                if (!request.get().keepAlive()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the server is closing while the handler waited (a paused agent being stopped): the connection goes
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("{}: connection ended: {}", name, e.toString());
            }
        } finally {
            connections.remove(Thread.currentThread());
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            server.close();
        } finally {
            connections.forEach(Thread::interrupt);
            Files.deleteIfExists(socket);
        }
    }
}
