package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.claude.AgentContext;
import io.syntropic137.observability.claude.StreamJsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the CLI's {@code --output-format stream-json} stdout to its end on a virtual thread, through the
 * observability module's {@link StreamJsonParser} (the one parser of that format), and keeps what decides the
 * run's result: the last {@code result} line's summary (running totals: the last one is the run's total) and its
 * error text, and the number of API retries the CLI reported.
 */
final class StreamJsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The last {@code result} line as the parser summarised it, and as the CLI printed it. */
    record ResultSummary(JsonNode summary, String errorText, JsonNode line) {
    }

    private final StreamJsonParser parser;
    private final AtomicReference<ResultSummary> lastResult = new AtomicReference<>();
    private final AtomicInteger results = new AtomicInteger();
    private final AtomicInteger apiRetries = new AtomicInteger();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final Thread thread;

    /** What the CLI reports that the engine's observers get as it happens (tool and usage events come from hooks and the proxy). */
    private static final java.util.Set<EventType> FORWARDED = java.util.EnumSet.of(EventType.API_RETRY,
            EventType.SESSION_SUMMARY, EventType.SESSION_ERROR, EventType.SUBAGENT_STARTED, EventType.SUBAGENT_STOPPED);

    private final java.util.function.Consumer<TelemetryEvent> forward;

    private StreamJsonReader(InputStream stdout, AgentContext context, java.util.function.Consumer<TelemetryEvent> forward) {
        this.forward = forward;
        this.parser = new StreamJsonParser(context);
        this.thread = Thread.ofVirtual().name("claude-stdout").start(() -> readAll(stdout));
    }

    static StreamJsonReader start(InputStream stdout, AgentContext context, java.util.function.Consumer<TelemetryEvent> forward) {
        return new StreamJsonReader(stdout, context, forward);
    }

    private void readAll(InputStream stdout) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                accept(line);
            }
            parser.finish();
        } catch (IOException e) {
            failure.set(e);
        }
    }

    private void accept(String line) throws IOException {
        JsonNode summary = null;
        String errorText = null;
        for (TelemetryEvent event : parser.accept(line, Instant.now())) {
            if (FORWARDED.stream().anyMatch(event::is)) {
                forward.accept(event);
            }
            if (event.is(EventType.SESSION_SUMMARY)) {
                summary = MAPPER.readTree(event.dataJson());
            } else if (event.is(EventType.SESSION_ERROR)) {
                errorText = MAPPER.readTree(event.dataJson()).path("result").asText("");
            } else if (event.is(EventType.API_RETRY)) {
                apiRetries.incrementAndGet();
            }
        }
        if (summary != null) {
            results.incrementAndGet();
            lastResult.set(new ResultSummary(summary, errorText, MAPPER.readTree(line)));
        }
    }

    /** Waits until stdout is fully read (the process has exited, so its end is near). */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    Optional<ResultSummary> lastResult() {
        return Optional.ofNullable(lastResult.get());
    }

    int results() {
        return results.get();
    }

    int apiRetries() {
        return apiRetries.get();
    }

    /** Why stdout could not be read to its end, if it could not. */
    Optional<IOException> failure() {
        return Optional.ofNullable(failure.get());
    }
}
