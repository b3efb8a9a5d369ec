package io.syntropic137.modelserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted Anthropic Messages API server over TCP (loopback) and/or a Unix domain socket. One small HTTP/1.1
 * implementation serves both; every connection runs on its own virtual thread.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.builder().script(script).tcpPort(0).start()) {
 *     String baseUrl = "http://127.0.0.1:" + server.tcpPort();
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

    private final List<ServerSocketChannel> listeners = new CopyOnWriteArrayList<>();
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final RequestLog log;
    private final MessagesApi api;
    private final Optional<Path> unixSocket;
    private int tcpPort = -1;
    private volatile boolean boundUnixSocket; // only a socket file this server created is removed on close

    private ModelServer(Builder builder) {
        this.log = new RequestLog(builder.logFile);
        this.api = new MessagesApi(new Sessions(builder.scripts), log, stopped);
        this.unixSocket = builder.unixSocket;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound TCP port (useful with port 0); fails when the server listens on a Unix socket only. */
    public int tcpPort() {
        if (tcpPort < 0) throw new IllegalStateException("this server has no TCP listener");
        return tcpPort;
    }

    /** {@code http://127.0.0.1:<port>}, the value for {@code ANTHROPIC_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + tcpPort();
    }

    /** The base URL that selects the named script: {@code http://127.0.0.1:<port>/s/<name>}. */
    public String baseUrl(String scriptName) {
        return baseUrl() + "/s/" + scriptName;
    }

    public Optional<Path> unixSocket() {
        return unixSocket;
    }

    public RequestLog requests() {
        return log;
    }

    private ModelServer start(Optional<Integer> port) throws IOException {
        try {
            if (port.isPresent()) {
                ServerSocketChannel tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
                listeners.add(tcp);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.get()));
                tcpPort = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
                acceptLoop(tcp, "tcp");
            }
            if (unixSocket.isPresent()) {
                removeStaleSocket(unixSocket.get());
                ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                listeners.add(unix);
                unix.bind(UnixDomainSocketAddress.of(unixSocket.get()));
                boundUnixSocket = true;
                acceptLoop(unix, "unix");
            }
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void acceptLoop(ServerSocketChannel listener, String transport) {
        Thread.ofVirtual().name("model-server-accept-" + transport).start(() -> {
            while (listener.isOpen()) {
                SocketChannel channel;
                try {
                    channel = listener.accept();
                } catch (ClosedChannelException e) {
                    return; // stopped
                } catch (IOException e) {
                    if (listener.isOpen()) LOG.error("accept on the {} listener failed; it stops accepting", transport, e);
                    return;
                }
                connections.add(channel);
                Thread.ofVirtual().name("model-server-" + transport).start(() -> {
                    try {
                        new HttpConnection(channel, transport, api).serve();
                    } finally {
                        connections.remove(channel);
                    }
                });
            }
        });
    }

    /**
     * A socket file left by a server that was killed would make bind fail; only a socket is removed, never a
     * regular file or directory someone pointed us at by mistake.
     */
    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isOther()) {
            throw new IOException("cannot listen on " + path + ": it exists and is not a socket");
        }
        Files.delete(path);
    }

    /** Stops listening, ends stalled and delayed streams, closes every connection and the log. */
    @Override
    public void close() {
        stopped.countDown();
        for (ServerSocketChannel listener : listeners) closeQuietly(listener);
        for (SocketChannel connection : connections) closeQuietly(connection);
        unixSocket.filter(path -> boundUnixSocket).ifPresent(path -> {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("could not remove the socket file {}: {}", path, e.toString());
            }
        });
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the request log failed", e);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", channel, e.toString()); // stopping anyway
        }
    }

    /** Configures and starts a {@link ModelServer}. */
    public static final class Builder {
        private final Map<String, Script> scripts = new LinkedHashMap<>();
        private Optional<Integer> tcpPort = Optional.empty();
        private Optional<Path> unixSocket = Optional.empty();
        private Optional<Path> logFile = Optional.empty();

        private Builder() {
        }

        /** The default script, served on paths without a {@code /s/{name}} prefix. */
        public Builder script(Script script) {
            return script(Sessions.DEFAULT_SCRIPT, script);
        }

        /** A named script, served under {@code /s/{name}/...}. */
        public Builder script(String name, Script script) {
            if (name.isEmpty() || name.contains("/")) throw new IllegalArgumentException("a script name is one path segment: " + name);
            scripts.put(name, Objects.requireNonNull(script, "script"));
            return this;
        }

        /** Listen on 127.0.0.1:{@code port}; 0 picks a free port (see {@link ModelServer#tcpPort()}). */
        public Builder tcpPort(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.tcpPort = Optional.of(port);
            return this;
        }

        public Builder unixSocket(Path path) {
            this.unixSocket = Optional.of(path);
            return this;
        }

        /** Append every request as a JSON line to this file (secrets redacted). */
        public Builder log(Path file) {
            this.logFile = Optional.of(file);
            return this;
        }

        public ModelServer start() throws IOException {
            if (scripts.isEmpty()) throw new IllegalStateException("no script given");
            if (tcpPort.isEmpty() && unixSocket.isEmpty()) throw new IllegalStateException("give a TCP port, a Unix socket, or both");
            return new ModelServer(this).start(tcpPort);
        }
    }
}
