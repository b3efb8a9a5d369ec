package io.syntropic137.cli;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * One open {@code text/event-stream} response, read frame by frame (docs/stream.md): {@code id:}, {@code event:},
 * {@code data:} lines up to a blank line; comment lines (keep-alives) only count as activity.
 */
final class SseConnection implements Closeable {
    /** One frame; {@code id} is null when the frame had no id line. */
    record Frame(Long id, String event, String data) {
    }

    private final InputStream body;
    private final BufferedReader reader;
    private volatile long lastActivityNanos = System.nanoTime();

    SseConnection(InputStream body) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next frame, or null when the server closed the stream. */
    Frame next() throws IOException {
        Long id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            lastActivityNanos = System.nanoTime();
            if (line.isEmpty()) {
                if (data != null || event != null) {
                    return new Frame(id, event == null ? "message" : event, data == null ? "" : data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue; // a comment: the keep-alive
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = parseId(value);
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // "retry" and unknown fields are not used by this client
                }
            }
        }
        return null;
    }

    private static Long parseId(String value) throws IOException {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IOException("the stream sent a frame id that is not a position: '" + value + "'", e);
        }
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
