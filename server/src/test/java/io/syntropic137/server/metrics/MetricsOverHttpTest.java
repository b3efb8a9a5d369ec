package io.syntropic137.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import io.syntropic137.server.auth.TokenAdmin;
import io.syntropic137.server.engine.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code GET /metrics} over real HTTP, after real workflows ran through the real engine (command runtime). */
class MetricsOverHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0",
                "SYN_WORKSPACES", "local"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private HttpResponse<String> get(Server server, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape(Server server) throws Exception {
        HttpResponse<String> response = get(server, "/metrics");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    /**
     * A scrape taken when the store's head stood still across two scrapes: a run's last events (workspace clean-up)
     * may still be written after it reads as finished, and a count compared with the head must not race them.
     */
    private PrometheusText quiescent(Server server) throws Exception {
        PrometheusText last = scrape(server);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            PrometheusText next = scrape(server);
            if (next.value("syn_eventstore_head_position") == last.value("syn_eventstore_head_position")) {
                return next;
            }
            last = next;
        }
        throw new AssertionError("the event store never stood still");
    }

    private static String phase(String id, int order, String command) {
        return "  - id: " + id + "\n    order: " + order + "\n    agent: command\n    timeout_seconds: 60\n"
                + "    command: [sh, -c, '" + command + "']\n    prompt_template: go\n";
    }

    private static String createWorkflow(ApiClient api, String yaml) throws Exception {
        var created = api.post("/api/workflows", "application/yaml", yaml);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static String run(ApiClient api, String workflowId) throws Exception {
        var run = api.postJson("/api/workflows/" + workflowId + "/runs", "{\"task\": \"count me\"}");
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        return run.body().get("execution_id").asText();
    }

    @Test
    void afterWorkflowsAndRequestsTheMetricsTellWhatHappened() throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(env()), env("SYN_TELEMETRY_BUFFER", "12345"))) {
            ApiClient api = new ApiClient(server.port());
            PrometheusText before = scrape(server);
            assertThat(before.value("syn_executions_started_total")).isZero();
            assertThat(before.value("syn_streams_open")).isZero();

            String twoPhases = createWorkflow(api, "id: two\nname: Two\nphases:\n"
                    + phase("a", 1, "echo a > artifacts/output/a.md") + phase("b", 2, "echo b > artifacts/output/b.md"));
            String failing = createWorkflow(api, "id: broken\nname: Broken\nphases:\n" + phase("x", 1, "exit 3"));
            List<String> completed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                completed.add(run(api, twoPhases));
            }
            String failed = run(api, failing);
            for (String execution : completed) {
                api.awaitExecution(execution, d -> ApiClient.status(d).equals("COMPLETED"), WAIT, "COMPLETED");
            }
            api.awaitExecution(failed, d -> ApiClient.status(d).equals("FAILED"), WAIT, "FAILED");
            // FAILED is final: a retry is refused and changes no count
            assertThat(api.postJson("/api/executions/" + failed + "/retry", "{}").status()).isEqualTo(409);

            int listCalls = 4;
            for (int i = 0; i < listCalls; i++) {
                assertThat(get(server, "/api/workflows").statusCode()).isEqualTo(200);
            }
            assertThat(get(server, "/api/executions/" + completed.getFirst()).statusCode()).isEqualTo(200);
            assertThat(get(server, "/no/such/route").statusCode()).isEqualTo(404);

            try (Stream<String> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/activity/stream")).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines()).body()) {
                PrometheusText m = quiescent(server);

                // engine: what ran, from the events stored, and nothing left running
                assertThat(m.value("syn_executions_started_total")).isEqualTo(4);
                assertThat(m.value("syn_executions_finished_total", "outcome", "completed")).isEqualTo(completed.size());
                assertThat(m.value("syn_executions_finished_total", "outcome", "failed")).isEqualTo(1);
                assertThat(m.value("syn_executions_finished_total", "outcome", "cancelled")).isZero();
                assertThat(m.value("syn_executions_retried_total")).isZero();
                assertThat(m.value("syn_phases_completed_total")).isEqualTo(completed.size() * 2);
                assertThat(m.value("syn_executions_running")).isZero();
                assertThat(m.value("syn_executions_queued")).isZero();
                assertThat(m.value("syn_executions_waiting_for_work")).isZero();
                assertThat(m.value("syn_streams_open")).isEqualTo(1);

                // HTTP: requests counted under their route template, never under an id or an unknown path
                assertThat(m.value("syn_http_server_requests_seconds_count", "route", "/api/workflows", "method", "GET",
                        "status", "200")).isEqualTo(listCalls);
                assertThat(m.value("syn_http_server_requests_seconds_count", "route", "/api/executions/{id}/retry",
                        "method", "POST", "status", "409")).isEqualTo(1);
                assertThat(m.value("syn_http_server_requests_seconds_count", "route", "/api/workflows/{id}/runs",
                        "method", "POST", "status", "202")).isEqualTo(4);
                assertThat(m.value("syn_http_server_requests_seconds_count", "route", "/api/workflows", "method", "POST",
                        "status", "201")).isEqualTo(2);
                assertThat(m.value("syn_http_server_requests_seconds_count", "route", HttpMeters.UNMATCHED, "method", "GET",
                        "status", "404")).isEqualTo(1);
                assertThat(m.value("syn_http_server_requests_seconds_bucket", "route", "/api/workflows", "method", "GET",
                        "status", "200", "le", "+Inf")).isEqualTo(listCalls);
                assertThat(m.value("syn_http_server_requests_seconds_sum", "route", "/api/workflows", "method", "GET",
                        "status", "200")).isPositive();
                double detailCalls = m.value("syn_http_server_requests_seconds_count", "route", "/api/executions/{id}",
                        "method", "GET", "status", "200");
                assertThat(detailCalls).as("the polling of awaitExecution and the one call after").isGreaterThanOrEqualTo(5);
                for (PrometheusText.Sample sample : m.samples()) {
                    assertThat(sample.labels().values()).as("no execution id in any label: %s", sample)
                            .noneMatch(v -> completed.stream().anyMatch(v::contains) || v.contains(failed) || v.contains("/no/such"));
                }

                // event store: every event of this single node went through the metered append
                double head = m.value("syn_eventstore_head_position");
                assertThat(head).isPositive();
                assertThat(m.value("syn_eventstore_appended_events_total")).isEqualTo(head);
                assertThat(m.value("syn_eventstore_append_seconds_count", "outcome", "appended")).isPositive()
                        .isLessThanOrEqualTo(head);

                // projections: one series per projection, each consistent with the head
                List<PrometheusText.Sample> positions = m.find("syn_projection_position");
                assertThat(positions).hasSizeGreaterThanOrEqualTo(3);
                for (PrometheusText.Sample position : positions) {
                    String name = position.labels().get("projection");
                    assertThat(position.value()).isBetween(0.0, head);
                    assertThat(m.value("syn_projection_lag_events", "projection", name))
                            .isCloseTo(head - position.value(), within(0.0));
                    assertThat(m.value("syn_projection_consecutive_failures", "projection", name)).isZero();
                }

                // cache: reads went through the in-process cache
                assertThat(m.sum("syn_query_cache_gets_total", "backend", "caffeine")).isPositive();
                assertThat(m.find("syn_query_cache_gets_total", "backend", "redis")).isEmpty();

                // telemetry: the buffer as configured, empty once drained
                assertThat(m.value("syn_telemetry_buffer_capacity_events")).isEqualTo(12345);
                assertThat(m.value("syn_telemetry_batches_refused_total")).isZero();
                assertThat(m.value("syn_telemetry_events_dropped_total")).isZero();

                // JVM and process
                assertThat(m.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
                assertThat(m.value("jvm_threads_live_threads")).isPositive();
                assertThat(m.value("process_uptime_seconds")).isPositive();
                assertThat(m.type("jvm_gc_max_data_size_bytes")).as("the GC binder is bound").isEqualTo("gauge");
                assertThat(new Scraper(server.port(), null).awaitFamily("jvm_threads_virtual_pinned_seconds")
                        .type("jvm_threads_virtual_pinned_seconds")).as("the virtual thread binder is bound (in the background)")
                        .isEqualTo("summary");
            }
        }
    }

    @Test
    void aScraperAskingForOpenMetricsGetsIt() throws Exception {
        try (Server server = Main.start(ServerConfig.fromEnvironment(env()), env())) {
            HttpResponse<String> response = get(server, "/metrics", "Accept",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue(Exposition.OPEN_METRICS);
            assertThat(response.body()).endsWith("# EOF\n");
            PrometheusText m = PrometheusText.parse(response.body());
            assertThat(m.type("syn_executions_started")).isEqualTo("counter");
            assertThat(m.value("syn_executions_started_total")).isZero();
        }
    }

    @Test
    void beyondLoopbackTheMetricsNeedATokenLikeEveryOtherRoute() throws Exception {
        Map<String, String> env = env("SYN_HOST", "0.0.0.0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(TokenAdmin.run(List.of("create", "--name", "prometheus"), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isZero();
        String token = out.toString(StandardCharsets.UTF_8).strip();
        ServerConfig config = ServerConfig.fromEnvironment(env);
        assertThat(config.auth().tokensRequired()).isTrue();
        try (Server server = Main.start(config, env)) {
            HttpResponse<String> refused = get(server, "/metrics");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(get(server, "/metrics", "Authorization", "Bearer syn_wrong").statusCode()).isEqualTo(401);
            assertThat(get(server, "/api/health").statusCode()).as("health stays open for probes").isEqualTo(200);

            HttpResponse<String> allowed = get(server, "/metrics", "Authorization", "Bearer " + token);
            assertThat(allowed.statusCode()).isEqualTo(200);
            PrometheusText.parse(allowed.body());
            PrometheusText m = new Scraper(server.port(), token).awaitAtLeast(1, "syn_http_server_requests_seconds_count",
                    "route", "/api/health");
            assertThat(m.value("syn_http_server_requests_seconds_count", "route", "/metrics", "method", "GET", "status", "401"))
                    .as("refused scrapes are counted under the route they were refused on").isEqualTo(2);
            assertThat(m.value("syn_http_server_requests_seconds_count", "route", "/api/health", "method", "GET", "status", "200"))
                    .isEqualTo(1);
        }
    }
}
