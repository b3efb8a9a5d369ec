package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every request the server received, in arrival order, in memory and optionally appended to a JSONL file. */
public final class RequestLog implements Closeable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<RecordedRequest> requests = new ArrayList<>();
    private final BufferedWriter file;

    RequestLog(Optional<Path> jsonlFile) {
        try {
            this.file = jsonlFile.isPresent()
                    ? Files.newBufferedWriter(jsonlFile.get(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the request log " + jsonlFile.get(), e);
        }
    }

    synchronized void add(RecordedRequest request) {
        requests.add(request);
        if (file == null) return;
        ObjectNode line = MAPPER.createObjectNode();
        line.put("received_at", request.receivedAt().toString());
        line.put("transport", request.transport());
        line.put("method", request.method());
        line.put("path", request.path());
        line.put("query", request.query());
        line.set("headers", MAPPER.valueToTree(request.headers()));
        line.set("body", request.body());
        try {
            file.write(line.toString());
            file.newLine();
            file.flush(); // a reader (or a crash) sees every request that was answered
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the request log", e);
        }
    }

    /** A snapshot of all requests so far. */
    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    /** The Messages API calls only ({@code POST .../v1/messages}), leaving out probes and token counts. */
    public synchronized List<RecordedRequest> messages() {
        return requests.stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/v1/messages"))
                .toList();
    }

    @Override
    public synchronized void close() throws IOException {
        if (file != null) file.close();
    }
}
