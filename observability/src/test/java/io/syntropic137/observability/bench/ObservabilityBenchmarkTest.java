package io.syntropic137.observability.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The program runs end to end at tiny sizes and reports in the fixed format; its figures are not judged here. */
class ObservabilityBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void aQuickRunEndsWithTheReportLine(String backend) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ObservabilityBenchmark.run(new String[]{"observability", "--backend", backend, "--quick", "--events", "3000",
                "--cost-rows", "6000"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        JsonNode report = new ObjectMapper().readTree(lines.getLast());
        assertThat(report.get("backend").asText()).isEqualTo(backend);
        for (String key : new String[]{"ingest_eps", "baseline_eps", "cost_query_p99_ms"}) {
            assertThat(report.get(key).isNumber()).as(key).isTrue();
            assertThat(report.get(key).asDouble()).as(key).isPositive();
        }
        assertThat(report.get("ingest_ok").isBoolean()).isTrue();
        assertThat(report.get("cost_query_rows").asLong()).isEqualTo(6000);
        for (String key : new String[]{"ingest_cpu_us_per_event", "baseline_cpu_us_per_event"}) {
            assertThat(report.get(key).asDouble()).as(key).isPositive();
        }
    }

    @Test
    void theSqliteBaselineKeepsTheDriverDefaultUnlessAskedForTheLikeForLikeReading() throws Exception {
        assertThat(quickSqlite().get("baseline_generated_keys").asBoolean()).isTrue();
        assertThat(quickSqlite("--baseline-without-generated-keys").get("baseline_generated_keys").asBoolean()).isFalse();
    }

    private static JsonNode quickSqlite(String... extra) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("observability", "--backend", "sqlite", "--quick", "--events", "1000",
                "--cost-rows", "1000"));
        args.addAll(List.of(extra));
        int code = ObservabilityBenchmark.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).lines().toList().getLast());
    }

    @Test
    void badUsageIsExplained() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ObservabilityBenchmark.run(new String[]{"observability", "--backend", "oracle"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--backend postgres|sqlite");
    }

    @Test
    void percentilesAreNearestRank() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i;
        }
        assertThat(ObservabilityBenchmark.percentile(values, 99)).isEqualTo(99);
        assertThat(ObservabilityBenchmark.percentile(values, 50)).isEqualTo(50);
        assertThat(ObservabilityBenchmark.percentile(new double[]{7}, 99)).isEqualTo(7);
    }
}
