package io.syntropic137.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark is a program, not a timed test: this only proves that a short run completes on each backend
 * and ends with the fixed JSON line. It deliberately asserts no performance figure.
 */
class BenchMainTest {
    private static final List<String> NUMBERS = List.of("w1_eps", "w1_baseline_eps", "w1_p50_ms", "w1_p99_ms",
            "w2_eps", "w2_baseline_eps", "w3_median_ms", "w4_eps", "w4_baseline_eps");

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aQuickRunEndsWithOneJsonLineHoldingEveryFigure(String backend) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[]{"eventstore", "--backend", backend, "--quick"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as("exit code; stderr:%n%s", err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("W1 "));
        JsonNode figures = new ObjectMapper().readTree(lines.getLast());
        assertThat(figures.get("backend").asText()).isEqualTo(backend);
        for (String key : NUMBERS) {
            assertThat(figures.get(key)).as(key).isNotNull();
            assertThat(figures.get(key).isNumber()).as(key + " is a number").isTrue();
        }
        assertThat(figures.get("w5_ok").isBoolean()).as("w5_ok is a boolean").isTrue();
    }

    @org.junit.jupiter.api.Test
    void aQuickDomainRunEndsWithItsJsonLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[]{"domain", "--quick"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as("exit code; stderr:%n%s", err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode figures = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).lines().toList().getLast());
        for (String key : List.of("commands_per_s", "load_ms_10", "load_ms_10000", "raw_appends_per_s")) {
            assertThat(figures.get(key)).as(key).isNotNull();
            assertThat(figures.get(key).isNumber()).as(key + " is a number").isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void aQuickServerRunEndsWithItsJsonLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[]{"server", "--quick"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as("exit code; stderr:%n%s", err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode figures = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).lines().toList().getLast());
        for (String key : List.of("sse_clients", "sse_p99_ms", "heap_per_client_kb", "api_rps", "api_p99_ms", "api_errors")) {
            assertThat(figures.get(key)).as(key).isNotNull();
            assertThat(figures.get(key).isNumber()).as(key + " is a number").isTrue();
        }
        assertThat(figures.get("sse_clients").asInt()).as("every client streamed").isEqualTo(50);
        for (String key : List.of("sse_p99_ok", "api_p99_ok", "api_errors_ok")) {
            assertThat(figures.get(key).isBoolean()).as(key + " is a boolean").isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aShortWorkspacesRunEndsWithItsJsonLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[]{"workspaces", "--iterations", "3", "--agents", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as("exit code; stderr:%n%s", err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode figures = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).lines().toList().getLast());
        for (String key : List.of("create_destroy_p50_ms", "create_destroy_p99_ms", "sandbox_true_p50_ms", "sandbox_true_p99_ms",
                "agents_wall_s", "peak_rss_mb_per_agent")) {
            assertThat(figures.get(key)).as(key).isNotNull();
            assertThat(figures.get(key).isNumber()).as(key + " is a number").isTrue();
        }
        // two real Claude Code agents ran in parallel sandboxes and both wrote their file
        assertThat(figures.get("agents").asInt()).isEqualTo(2);
        assertThat(figures.get("agents_ok").asBoolean()).as("stderr:%n%s", err.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(figures.get("peak_rss_mb_per_agent").asDouble()).as("a CLI's tree holds some memory").isGreaterThan(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "domain --fast", "workspaces --agents 0", "workspaces --agents", "eventstore", "eventstore --backend oracle", "eventstore --backend sqlite --writers 0"})
    void badUsageExplainsItselfAndExitsWithTwo(String args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = args.isEmpty() ? new String[0] : args.split(" ");
        int exit = BenchMain.run(argv, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: syn-bench eventstore");
    }
}
