package io.syntropic137.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows one execution on {@code GET /api/executions/{id}/stream} (docs/stream.md) until its {@code end} frame.
 * A dropped stream — the connection closed without {@code end}, the server restarting, a silent connection — is
 * reopened with {@code Last-Event-ID: <last position seen>}, so each frame is shown exactly once; it gives up
 * (exit 3) when no connection succeeds within {@link Settings#reconnectFor}.
 */
final class ExecutionWatch {
    /**
     * @param reconnectFor how long to keep trying after the stream dropped
     * @param silentFor    a connection with no byte (not even a keep-alive, sent every 15 s) for this long is dead
     */
    record Settings(Duration reconnectFor, Duration silentFor) {
        Settings(Duration reconnectFor) {
            this(reconnectFor, Duration.ofSeconds(45));
        }

        static Settings defaults() {
            return new Settings(Duration.ofSeconds(60));
        }
    }

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final ApiClient client;
    private final String executionId;
    private final Long afterPosition;
    private final PrintWriter out;
    private final boolean json;
    private final Settings settings;
    private Long lastId;

    /** @param afterPosition a position the caller wrote (run), so the first read already sees the execution */
    ExecutionWatch(ApiClient client, String executionId, Long afterPosition, PrintWriter out, boolean json, Settings settings) {
        this.client = client;
        this.executionId = executionId;
        this.afterPosition = afterPosition;
        this.out = out;
        this.json = json;
        this.settings = settings;
    }

    /** Watches to the end; returns the exit code for the final status. */
    int run() {
        String detailPath = "/api/executions/" + ApiClient.segment(executionId);
        JsonNode detail = client.get(afterPosition == null ? detailPath
                : ApiClient.path(detailPath, ApiClient.query("after", afterPosition)));
        WatchView view = json ? null : new WatchView(out, isTerminal(), detail);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stream-watchdog");
            t.setDaemon(true);
            return t;
        });
        try {
            String endStatus = follow(view, watchdog);
            if (view != null) {
                view.finish(endStatus);
            }
            return switch (endStatus) {
                case "COMPLETED" -> ExitCodes.OK;
                case "CANCELLED" -> ExitCodes.CANCELLED;
                default -> ExitCodes.FAILED;
            };
        } finally {
            watchdog.shutdownNow();
        }
    }

    /** Reads frames, reconnecting as needed, until the end frame; returns its status. */
    private String follow(WatchView view, ScheduledExecutorService watchdog) {
        long giveUpAt = 0;
        Duration backoff = FIRST_BACKOFF;
        String lastProblem = null;
        while (true) {
            try (SseConnection stream = open()) {
                var timer = watchdog.scheduleAtFixedRate(() -> closeIfSilent(stream), 1, 1, TimeUnit.SECONDS);
                try {
                    SseConnection.Frame frame;
                    while ((frame = stream.next()) != null) {
                        giveUpAt = 0; // data flows again: the next drop gets a fresh reconnect budget
                        backoff = FIRST_BACKOFF;
                        if ("end".equals(frame.event())) {
                            return parse(frame).path("status").asText("UNKNOWN");
                        }
                        if (frame.id() != null && lastId != null && frame.id() <= lastId) {
                            continue; // already shown: a server that resent a frame must not duplicate a line
                        }
                        show(view, frame);
                        if (frame.id() != null) {
                            lastId = frame.id();
                        }
                    }
                    lastProblem = "the server closed the stream before the execution ended";
                } finally {
                    timer.cancel(false);
                }
            } catch (ServerUnreachableException e) {
                lastProblem = e.getCause() == null ? e.getMessage() : "cannot connect: " + e.getCause();
            } catch (IOException e) {
                lastProblem = "the stream broke: " + e.getMessage();
            } catch (RetryableStatus e) {
                lastProblem = e.getMessage();
            }
            long now = System.nanoTime();
            if (giveUpAt == 0) {
                giveUpAt = now + settings.reconnectFor().toNanos();
                System.err.println("syn: stream lost (" + lastProblem + "); reconnecting"
                        + (lastId == null ? "" : " after position " + lastId) + " ...");
            } else if (now > giveUpAt) {
                throw new ServerUnreachableException(client.base(), new IOException("the stream of execution "
                        + executionId + " could not be reopened within " + settings.reconnectFor().toSeconds()
                        + " s; last problem: " + lastProblem));
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private SseConnection open() throws IOException {
        HttpRequest.Builder request = client.authorized(HttpRequest.newBuilder(client.uri("/api/executions/"
                + ApiClient.segment(executionId) + "/stream")).header("Accept", "text/event-stream").header("X-Syn-Actor", "cli").GET());
        if (lastId != null) {
            request.header("Last-Event-ID", Long.toString(lastId));
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status == 200) {
            return new SseConnection(response.body());
        }
        String raw;
        try (InputStream body = response.body()) {
            raw = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
        // over the rate limit is as passing as a restarting server: back off and reconnect
        if (status >= 500 || status == 429) {
            throw new RetryableStatus("the server answered " + status + ": " + raw.strip());
        }
        JsonNode problem = null;
        try {
            problem = raw.strip().startsWith("{") ? ApiClient.JSON.readTree(raw) : null;
        } catch (JsonProcessingException e) {
            problem = null; // reported as raw text below
        }
        if (status == 404 && problem != null && problem.path("detail").asText().startsWith("no route for")) {
            throw new SynCli.UserError("the server at " + client.base() + " has no live stream route (GET /api/executions/"
                    + "{id}/stream): it is older than this CLI; `syn execution show " + executionId + "` shows the state",
                    ExitCodes.FAILED);
        }
        throw new ApiProblemException(status, problem, raw);
    }

    private void show(WatchView view, SseConnection.Frame frame) {
        if (view == null) {
            out.println(frame.data()); // --json: the frames' data as JSON lines
            out.flush();
            return;
        }
        view.apply(frame.event(), parse(frame));
    }

    private static JsonNode parse(SseConnection.Frame frame) {
        try {
            return ApiClient.JSON.readTree(frame.data().isEmpty() ? "{}" : frame.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stream sent a " + frame.event() + " frame whose data is not JSON: "
                    + frame.data(), e);
        }
    }

    private void closeIfSilent(SseConnection stream) {
        if (stream.idleNanos() > settings.silentFor().toNanos()) {
            try {
                stream.close(); // the reader then fails and the loop reconnects
            } catch (IOException e) {
                System.err.println("syn: closing a silent stream failed: " + e.getMessage());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to reconnect", e);
        }
    }

    /** True when stdout is a terminal that can be redrawn (not a pipe or a file). */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            // Java 22+ returns a console for redirected output too; isTerminal() then tells them apart
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21: a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Console.isTerminal could not be called", e);
        }
    }

    /** A status worth retrying (the server restarting or overloaded). */
    private static final class RetryableStatus extends RuntimeException {
        RetryableStatus(String message) {
            super(message);
        }
    }
}
