package io.syntropic137.server.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A small server-sent-events client, as a CLI would write one: reads the response line by line on a virtual
 * thread and hands each complete event (and each comment) to a queue the test takes from.
 */
final class SseReader implements AutoCloseable {
    /** A shared client whose callbacks run on virtual threads, so hundreds of open streams add no platform threads. */
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event; {@code id} is null when the event had no id line (the {@code end} frame). */
    record Event(String id, String event, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException("frame data is not JSON: " + data, e);
            }
        }

        long position() {
            return Long.parseLong(id);
        }
    }

    private static final Event CLOSED = new Event(null, "<closed>", null);

    final int status;
    final String contentType;
    final String body;
    private final Stream<String> lines;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final AtomicInteger keepAlives = new AtomicInteger();
    private final Thread reader;

    private SseReader(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("content-type").orElse("");
        this.lines = response.body();
        if (status != 200) {
            this.body = String.join("\n", lines.toList());
            this.reader = null;
            return;
        }
        this.body = null;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static SseReader open(int port, String path, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseReader(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        try {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (event != null || data != null) {
                        events.add(new Event(id, event == null ? "message" : event, data == null ? "" : data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    if (line.equals(": keep-alive")) {
                        keepAlives.incrementAndGet();
                    }
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                } else {
                    throw new IllegalStateException("not an SSE line: " + line);
                }
            }
        } catch (UncheckedIOException e) {
            // closed by us (close()) or by the server: the CLOSED marker below tells the test
        } finally {
            events.add(CLOSED);
        }
    }

    /** The next event; fails if none arrives within {@code timeout} or the stream closed first. */
    Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout);
        }
        if (event == CLOSED) {
            events.add(CLOSED);
            throw new AssertionError("the stream closed");
        }
        return event;
    }

    /** Events up to and including the first that matches; fails after {@code timeout}. */
    List<Event> until(Predicate<Event> last, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeout + "; saw " + seen);
            }
            Event event = next(Duration.ofNanos(left));
            seen.add(event);
            if (last.test(event)) {
                return seen;
            }
        }
    }

    /** Whether the server closed the stream (no further event) within {@code timeout}. */
    boolean closesWithin(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == CLOSED) {
            events.add(CLOSED);
            return true;
        }
        if (event != null) {
            throw new AssertionError("expected the stream to close, got " + event);
        }
        return false;
    }

    @Override
    public void close() {
        lines.close();
    }

    static Predicate<Event> type(String type) {
        return e -> e.id() != null && type.equals(e.json().path("type").asText());
    }

    static Predicate<Event> type(String type, String phaseId) {
        return e -> type(type).test(e) && phaseId.equals(e.json().path("phase_id").asText());
    }
}
