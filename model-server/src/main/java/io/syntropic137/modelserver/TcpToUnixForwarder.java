package io.syntropic137.modelserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts TCP connections on 127.0.0.1 and relays each, byte for byte in both directions, to a Unix domain
 * socket. An agent in a sandbox without a network (bubblewrap {@code --unshare-net}) still has a loopback
 * interface, so it can reach the model at {@code http://127.0.0.1:<port>} through this forwarder, whose socket
 * file is bound into the sandbox. This works for any client, unlike Claude Code's undocumented
 * {@code ANTHROPIC_UNIX_SOCKET}.
 *
 * <p>Run alone: {@code java -cp model-server.jar io.syntropic137.modelserver.TcpToUnixForwarder PORT SOCKET}
 * (prints {@code PORT=<n>} when ready; port 0 picks a free one).
 */
public final class TcpToUnixForwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpToUnixForwarder.class);

    private final ServerSocketChannel listener;
    private final Path target;
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    private TcpToUnixForwarder(ServerSocketChannel listener, Path target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on 127.0.0.1:{@code port} (0 = a free port) and forwards every connection to {@code unixSocket}. */
    public static TcpToUnixForwarder start(int port, Path unixSocket) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        TcpToUnixForwarder forwarder = new TcpToUnixForwarder(listener, unixSocket);
        Thread.ofVirtual().name("forwarder-accept").start(forwarder::acceptLoop);
        return forwarder;
    }

    public int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the forwarder is closed", e);
        }
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (listener.isOpen()) LOG.error("accept failed; the forwarder stops accepting", e);
                return;
            }
            Thread.ofVirtual().name("forwarder-connection").start(() -> relay(client));
        }
    }

    private void relay(SocketChannel client) {
        open.add(client);
        SocketChannel upstream = null;
        try {
            upstream = SocketChannel.open(StandardProtocolFamily.UNIX);
            open.add(upstream);
            upstream.connect(UnixDomainSocketAddress.of(target));
            SocketChannel server = upstream;
            Thread toUpstream = Thread.ofVirtual().name("forwarder-up").start(() -> pump(client, server));
            pump(upstream, client);
            // the server side has finished: closing both (below) ends the other direction too
            closeBoth(client, upstream);
            toUpstream.join();
        } catch (IOException e) {
            LOG.warn("cannot reach {}: {}; closing the client connection", target, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeBoth(client, upstream);
            open.removeIf(channel -> !channel.isOpen());
        }
    }

    private static void closeBoth(SocketChannel client, SocketChannel upstream) {
        for (SocketChannel channel : new SocketChannel[]{client, upstream}) {
            if (channel == null) continue;
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a relayed connection failed: {}", e.toString());
            }
        }
    }

    /** Copies until end of stream, then half-closes the destination so the other side sees the end too. */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) to.write(buffer);
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed or reset: the relay ends and closes both
            LOG.debug("relay direction ended: {}", e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Channel channel : open) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a relayed connection failed: {}", e.toString());
            }
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: TcpToUnixForwarder PORT UNIX_SOCKET_PATH   (PORT 0 = any free port)");
            System.exit(2);
        }
        TcpToUnixForwarder forwarder = start(Integer.parseInt(args[0]), Path.of(args[1]));
        System.out.println("PORT=" + forwarder.port());
        System.out.flush();
        Thread.currentThread().join(); // until the process is stopped
    }
}
