package io.syntropic137.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small server that follows docs/stream.md for one execution: its detail at {@code GET /api/executions/{id}} and
 * its frames at {@code /stream}, resuming after {@code Last-Event-ID}, ending with {@code event: end}. Tests make
 * it misbehave on purpose: close a connection mid-stream, or stop altogether and come back on the same port.
 */
final class ContractStreamServer implements AutoCloseable {
    /** One frame: its position (the SSE id), kind and one-line JSON data. */
    record Frame(long id, String kind, String data) {
    }

    private final String executionId;
    private final String detail;
    private final List<Frame> frames;
    private final String endStatus;
    private final List<String> lastEventIds = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile int dropFirstConnectionAfter = -1;
    private volatile Runnable afterFrame = () -> { };
    private volatile boolean streamRoute = true;
    private HttpServer http;
    private int port;

    ContractStreamServer(String executionId, String detail, List<Frame> frames, String endStatus) {
        this.executionId = executionId;
        this.detail = detail;
        this.frames = List.copyOf(frames);
        this.endStatus = endStatus;
    }

    /** The first stream connection closes (without {@code end}) after this many frames. */
    ContractStreamServer dropFirstConnectionAfter(int frameCount) {
        this.dropFirstConnectionAfter = frameCount;
        return this;
    }

    /** Answers the stream path like a server older than the stream contract: 404, no route. */
    ContractStreamServer withoutStreamRoute() {
        this.streamRoute = false;
        return this;
    }

    /** Called after each frame is sent (tests stop the server from here). */
    ContractStreamServer afterEachFrame(Runnable action) {
        this.afterFrame = action;
        return this;
    }

    ContractStreamServer start() {
        return listen(0);
    }

    /** (Re)starts on the given port (0: any). */
    synchronized ContractStreamServer listen(int onPort) {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the test stream server could not listen on " + onPort, e);
        }
        http.setExecutor(threads);
        http.createContext("/api/executions/" + executionId, this::handle);
        http.start();
        port = http.getAddress().getPort();
        return this;
    }

    /** Stops at once: open streams are cut, new connections refused. */
    synchronized void stop() {
        http.stop(0);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** The Last-Event-ID of each stream request, in order ("" when there was none). */
    List<String> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/api/executions/" + executionId)) {
            send(exchange, 200, "application/json", detail);
        } else if (streamRoute && path.equals("/api/executions/" + executionId + "/stream")) {
            stream(exchange);
        } else {
            send(exchange, 404, "application/problem+json", "{\"type\":\"https://syntropic137.dev/problems/not-found\","
                    + "\"title\":\"Not found\",\"status\":404,\"detail\":\"no route for GET " + path + "\"}");
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        int connection;
        synchronized (lastEventIds) {
            lastEventIds.add(header == null ? "" : header);
            connection = lastEventIds.size();
        }
        long after = header == null ? 0 : Long.parseLong(header);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            int sent = 0;
            for (Frame frame : frames) {
                if (frame.id() <= after) {
                    continue;
                }
                if (connection == 1 && sent == dropFirstConnectionAfter) {
                    return; // closes the response without the end frame: a dropped stream
                }
                out.write(("id: " + frame.id() + "\nevent: " + frame.kind() + "\ndata: " + frame.data() + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                sent++;
                pause();
                afterFrame.run();
            }
            long last = frames.getLast().id();
            out.write(("event: end\ndata: {\"status\":\"" + endStatus + "\",\"position\":" + last + "}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the server was stopped under this stream on purpose, or the client left: nothing more to send
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
