package io.syntropic137.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where tests find Redis: the shared server named by {@code SYN_TEST_REDIS_URL} (default
 * {@code redis://127.0.0.1:6379}), or a private {@code redis-server} process a test can stop and restart to
 * cause an outage. Unreachable → the test fails naming the setting; never skipped.
 */
public final class RedisTestServer implements AutoCloseable {
    public static final String URL_SETTING = "SYN_TEST_REDIS_URL";

    private final int port;
    private final Path directory;
    private Process process;

    /** The shared server's URL, checked to answer PING. */
    public static String sharedUrl() {
        String url = System.getProperty(URL_SETTING, System.getenv().getOrDefault(URL_SETTING, "redis://127.0.0.1:6379"));
        java.net.URI uri = java.net.URI.create(url);
        if (!ping(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort())) {
            throw new IllegalStateException("Redis for tests is not reachable at " + url + ". Start it (./scripts/setup-test-env) or point "
                    + URL_SETTING + " at one.");
        }
        return url;
    }

    /** Starts a private redis-server on a free loopback port. */
    public static RedisTestServer startPrivate() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisTestServer server = new RedisTestServer(port, Files.createTempDirectory("syn-redis"));
        server.start();
        return server;
    }

    private RedisTestServer(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** (Re)starts the process on the same port. */
    public void start() throws IOException, InterruptedException {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString()))
                    .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("redis-server is not installed or not on the PATH (./scripts/setup-test-env installs it)", e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ping("127.0.0.1", port)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("private redis-server did not start on port " + port + "; see " + directory.resolve("redis.log"));
            }
            Thread.sleep(20);
        }
    }

    /** Kills the process: an outage as clients see it. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static boolean ping(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
