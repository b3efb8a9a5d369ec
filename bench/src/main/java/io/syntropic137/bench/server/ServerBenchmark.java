package io.syntropic137.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code syn-bench server}: the real server (embedded SQLite) in this JVM with one running execution, loaded from
 * separate JVMs so the load's own objects and threads are not measured:
 * <ol>
 *   <li>SSE: {@code clients} streams on the execution ({@link SseLoad}); server heap growth per idle client after a
 *   full GC; then {@code frames} tool frames appended here through the server's command path, each stamped with the
 *   wall clock just before the append; delivery latency = receipt time at the client minus that stamp.</li>
 *   <li>REST: {@code GET /api/executions/{id}} at {@code rps} on an open-loop schedule ({@link ApiLoad}).</li>
 * </ol>
 */
public final class ServerBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double SSE_P99_BAR_MS = 100;
    private static final double API_P99_BAR_MS = 10;

    record Settings(int clients, int frames, Duration frameInterval, int rps, int warmupSeconds, int seconds) {
        static Settings full() {
            return new Settings(1000, 100, Duration.ofMillis(100), 1000, 10, 20);
        }

        static Settings quick() {
            return new Settings(50, 20, Duration.ofMillis(20), 200, 1, 2);
        }
    }

    private final Settings settings;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newHttpClient();
    private double appendP99Ms;

    public ServerBenchmark(boolean quick, PrintStream log) {
        this.settings = quick ? Settings.quick() : Settings.full();
        this.log = log;
    }

    public void run(PrintStream out) throws Exception {
        Path data = Files.createTempDirectory("syn-bench-server");
        // every load comes from one address, far above the per-client default limit: the limiter is not what is measured
        Map<String, String> env = Map.of("SYN_DATA_DIR", data.toString(), "SYN_PORT", "0", "SYN_RATE_LIMIT", "0");
        try (Server server = Main.start(ServerConfig.fromEnvironment(env))) {
            String base = "http://127.0.0.1:" + server.port();
            String execution = startLongExecution(base);
            log.println("execution " + execution + " running; opening " + settings.clients() + " streams");

            long heapBefore = heapAfterGc();
            Process sse = child(SseLoad.class, base + "/api/executions/" + execution + "/stream",
                    String.valueOf(settings.clients()), String.valueOf(settings.frames()));
            BufferedReader sseOut = new BufferedReader(new InputStreamReader(sse.getInputStream(), StandardCharsets.UTF_8));
            String connected = expectLine(sseOut, "connected ");
            int streaming = Integer.parseInt(connected.substring("connected ".length()).strip());
            awaitClients(server, streaming);
            long heapAfter = heapAfterGc();
            double heapPerClientKb = (heapAfter - heapBefore) / 1024.0 / Math.max(1, streaming);
            log.printf(Locale.ROOT, "%d streams open: server heap %.1f MB -> %.1f MB (%.1f KB per client)%n", streaming,
                    heapBefore / 1e6, heapAfter / 1e6, heapPerClientKb);

            Map<Long, Long> committed = appendToolFrames(server, execution);
            // the load process also measures from each frame's commit (the append returned), to show the stream's share
            PrintStream toSse = new PrintStream(sse.getOutputStream(), true, StandardCharsets.UTF_8);
            committed.forEach((position, micros) -> toSse.println(position + " " + micros));
            toSse.println("done");
            JsonNode sseResult = JSON.readTree(expectLine(sseOut, "result ").substring("result ".length()));
            toSse.close();
            sse.waitFor();
            log.println("SSE delivery: " + sseResult);

            Process api = child(ApiLoad.class, base + "/api/executions/" + execution, String.valueOf(settings.rps()),
                    String.valueOf(settings.warmupSeconds()), String.valueOf(settings.seconds()));
            BufferedReader apiOut = new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8));
            JsonNode apiResult = JSON.readTree(expectLine(apiOut, "result ").substring("result ".length()));
            api.waitFor();
            log.println("GET /api/executions/{id}: " + apiResult);
            send(HttpRequest.newBuilder(URI.create(base + "/api/executions/" + execution + "/cancel"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());

            // the figures depend on what else the machine runs: the load average is printed with them
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            double sseP99 = sseResult.path("p99_ms").asDouble();
            int sseFrames = sseResult.path("frames").asInt();
            boolean sseComplete = sseFrames == streaming * settings.frames() && streaming == settings.clients();
            double apiP99 = apiResult.path("p99_ms").asDouble();
            int apiErrors = apiResult.path("errors").asInt();
            out.printf(Locale.ROOT, "%-44s %12s%n", "figure", "value");
            out.printf(Locale.ROOT, "%-44s %12d%n", "SSE clients streaming", streaming);
            out.printf(Locale.ROOT, "%-44s %12d%n", "SSE frames received (clients x frames)", sseFrames);
            out.printf(Locale.ROOT, "%-44s %12.2f%n", "SSE delivery p50 ms", sseResult.path("p50_ms").asDouble());
            out.printf(Locale.ROOT, "%-44s %12.2f  (bar <= %.0f)%n", "SSE delivery p99 ms", sseP99, SSE_P99_BAR_MS);
            out.printf(Locale.ROOT, "%-44s %12.2f%n", "SSE delivery max ms", sseResult.path("max_ms").asDouble());
            out.printf(Locale.ROOT, "%-44s %12.2f%n", "  append+commit p99 ms (included above)", appendP99Ms);
            out.printf(Locale.ROOT, "%-44s %12.2f%n", "SSE delivery after commit p99 ms", sseResult.path("after_commit_p99_ms").asDouble());
            out.printf(Locale.ROOT, "%-44s %12.1f%n", "server heap per idle client KB", heapPerClientKb);
            out.printf(Locale.ROOT, "%-44s %12d%n", "GET detail achieved rps", apiResult.path("achieved_rps").asInt());
            out.printf(Locale.ROOT, "%-44s %12.2f%n", "GET detail p50 ms", apiResult.path("p50_ms").asDouble());
            out.printf(Locale.ROOT, "%-44s %12.2f  (bar <= %.0f)%n", "GET detail p99 ms", apiP99, API_P99_BAR_MS);
            out.printf(Locale.ROOT, "%-44s %12d%n", "GET detail errors", apiErrors);
            out.printf(Locale.ROOT, "%-44s %12.2f  (%d cores)%n", "load average (1 min) at the end", load,
                    Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "{\"sse_clients\": %d, \"sse_frames\": %d, \"sse_p50_ms\": %.2f, \"sse_p99_ms\": %.2f, "
                            + "\"sse_p99_ok\": %b, \"sse_after_commit_p99_ms\": %.2f, \"heap_per_client_kb\": %.1f, \"api_rps\": %d, \"api_p50_ms\": %.2f, "
                            + "\"api_p99_ms\": %.2f, \"api_p99_ok\": %b, \"api_errors\": %d, \"api_errors_ok\": %b, \"load_avg\": %.2f}%n",
                    streaming, sseFrames, sseResult.path("p50_ms").asDouble(), sseP99,
                    sseComplete && sseP99 <= SSE_P99_BAR_MS, sseResult.path("after_commit_p99_ms").asDouble(), heapPerClientKb, apiResult.path("achieved_rps").asInt(),
                    apiResult.path("p50_ms").asDouble(), apiP99, apiP99 <= API_P99_BAR_MS, apiErrors, apiErrors == 0, load);
        }
    }

    /** A workflow whose one phase sleeps for an hour, run through the API: a real, RUNNING execution to stream. */
    private String startLongExecution(String base) throws Exception {
        String yaml = "id: bench-wait\nname: Bench wait\nphases:\n  - id: wait\n    agent: command\n"
                + "    timeout_seconds: 3600\n    command: [sh, -c, 'sleep 3600']\n    prompt_template: wait\n";
        JsonNode created = send(HttpRequest.newBuilder(URI.create(base + "/api/workflows"))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build());
        JsonNode run = send(HttpRequest.newBuilder(URI.create(base + "/api/workflows/" + created.get("id").asText() + "/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"bench\"}")).build());
        String execution = run.get("execution_id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            // the read model may not have the execution yet: 404 until it does
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/executions/" + execution))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200
                    && JSON.readTree(answer.body()).path("phases").path(0).path("status").asText().equals("RUNNING")) {
                return execution;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("execution " + execution + " never started its phase");
    }

    /**
     * Appends the tool frames at a steady pace; returns each one's commit time (wall clock, microseconds) by position,
     * and logs how long the appends themselves took (that part of the delivery latency is the store's).
     */
    private Map<Long, Long> appendToolFrames(Server server, String execution) throws InterruptedException {
        String session = execution + ".bench";
        accept(server, new SessionCommand.StartSession(session, execution, "wait", "bench", "none", Instant.now()));
        Thread.sleep(500);
        Map<Long, Long> committed = new java.util.LinkedHashMap<>();
        long[] appendMicros = new long[settings.frames()];
        long next = System.nanoTime();
        for (int i = 0; i < settings.frames(); i++) {
            long before = System.nanoTime();
            long position = accept(server, new SessionCommand.RecordOperation(session, "tool:Bench", TokenUsage.NONE,
                    BigDecimal.ZERO, Instant.now()));
            appendMicros[i] = (System.nanoTime() - before) / 1000;
            committed.put(position, epochMicros(Instant.now()));
            next += settings.frameInterval().toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        }
        appendP99Ms = Percentiles.ms(appendMicros, appendMicros.length, 0.99);
        log.printf(Locale.ROOT, "append (command path + commit) p50 %.2f ms, p99 %.2f ms%n",
                Percentiles.ms(appendMicros, appendMicros.length, 0.50), appendP99Ms);
        return committed;
    }

    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static long accept(Server server, SessionCommand command) {
        var outcome = server.commands().handle(AgentSession.TYPE, command, CommandContext.by("bench"));
        if (!(outcome instanceof CommandOutcome.Accepted<?> accepted)) {
            throw new IllegalStateException("the bench's command was not accepted: " + outcome);
        }
        return accepted.position();
    }

    private void awaitClients(Server server, int clients) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.streamClients() < clients && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (server.streamClients() < clients) {
            throw new IllegalStateException("only " + server.streamClients() + " of " + clients + " streams registered");
        }
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return response.body().isBlank() ? null : JSON.readTree(response.body());
    }

    private Process child(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String expectLine(BufferedReader reader, String prefix) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the load process ended without a '" + prefix.strip() + "' line");
    }

    private static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
