package io.syntropic137.observability.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.CanonicalJson;
import io.syntropic137.observability.TelemetryEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On what Claude Code 2.1.331 really exported (src/test/resources/otlp, recorded against our model server). */
class OtlpJsonParserTest {
    private static final String SESSION = "187720eb-5fc3-457a-b3ab-8a770c015024";
    private final OtlpJsonParser parser = new OtlpJsonParser();
    private final Instant received = Instant.parse("2026-11-24T23:00:00Z");

    static JsonNode sample(String name) throws IOException {
        try (InputStream in = OtlpJsonParserTest.class.getResourceAsStream("/otlp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sample " + name + " is missing");
            }
            return CanonicalJson.MAPPER.readTree(in);
        }
    }

    private List<TelemetryEvent> logs(String... names) throws IOException {
        List<TelemetryEvent> events = new ArrayList<>();
        for (String name : names) {
            OtlpJsonParser.Parsed parsed = parser.logs(sample(name), AgentContext.none(), received);
            assertThat(parsed.rejected()).as(name).isEmpty();
            assertThat(parsed.events()).hasSize(parsed.records());
            events.addAll(parsed.events());
        }
        return events;
    }

    private static JsonNode data(TelemetryEvent event) {
        return CanonicalJson.readObject(event.dataJson());
    }

    @Test
    void aRecordedRunBecomesUsageToolAndPromptEventsAndKeepsTheRestFlagged() throws Exception {
        List<TelemetryEvent> events = logs("write-bash-logs-1.json", "write-bash-logs-2.json");
        assertThat(events).hasSize(15);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.executionId()).isEqualTo("ex-1");
            assertThat(e.phaseId()).isEqualTo("ph-1");
            assertThat(e.sessionId()).isEqualTo(SESSION);
        });
        List<TelemetryEvent> usage = events.stream().filter(e -> e.type().equals("token_usage")).toList();
        assertThat(usage).hasSize(3).allMatch(TelemetryEvent::knownType);
        JsonNode first = data(usage.get(0));
        assertThat(first.get("message_id").asText()).isEqualTo("req_5ddf8d146f6a484885eb5a152e770eac");
        assertThat(first.get("model").asText()).isEqualTo("claude-opus-5-5");
        assertThat(first.get("input_tokens").asLong()).isEqualTo(12);
        assertThat(first.get("output_tokens").asLong()).isEqualTo(40);
        assertThat(first.get("cache_creation_input_tokens").asLong()).isEqualTo(1200);
        assertThat(first.get("cache_read_input_tokens").asLong()).isEqualTo(0);
        assertThat(first.get("cost_usd").decimalValue()).isEqualByComparingTo("0.006847999999999999"); // as the CLI sent it
        assertThat(usage.stream().mapToLong(e -> data(e).get("cache_read_input_tokens").asLong()).sum()).isEqualTo(2500);

        List<TelemetryEvent> tools = events.stream().filter(e -> e.type().equals("tool_execution_completed")).toList();
        assertThat(tools).extracting(TelemetryEvent::toolUseId)
                .containsExactly("toolu_2b31da374a1e4d998f71168ea940ef19", "toolu_8886bacbc15f43dd85b06cf6a1f3db82");
        assertThat(data(tools.get(0)).get("tool_name").asText()).isEqualTo("Write");
        assertThat(data(tools.get(1)).get("duration_ms").asLong()).isEqualTo(119);

        TelemetryEvent prompt = events.stream().filter(e -> e.type().equals("prompt_submitted")).findFirst().orElseThrow();
        assertThat(data(prompt).has("prompt")).as("a redacted prompt is not stored as if it were the prompt").isFalse();
        assertThat(data(prompt).get("prompt_length").asLong()).isEqualTo(17);

        assertThat(events.stream().filter(e -> !e.knownType()).map(TelemetryEvent::type).distinct().sorted())
                .containsExactly("claude_code.assistant_response", "claude_code.managed_settings_resolved",
                        "claude_code.plugin_loaded", "claude_code.tool_decision");
        TelemetryEvent plugin = events.stream().filter(e -> e.type().equals("claude_code.plugin_loaded")).findFirst().orElseThrow();
        assertThat(data(plugin).at("/attributes/plugin.name").asText()).isEqualTo("cc-plugin-agents-md");
        assertThat(data(plugin).get("source").asText()).isEqualTo("otel");
    }

    @Test
    void idsComeFromContentSoAReSentExportIsTheSameAndNoTwoRecordsCollide() throws Exception {
        List<TelemetryEvent> once = logs("write-bash-logs-1.json", "write-bash-logs-2.json");
        List<TelemetryEvent> again = logs("write-bash-logs-1.json", "write-bash-logs-2.json");
        assertThat(again).extracting(TelemetryEvent::id).containsExactlyElementsOf(once.stream().map(TelemetryEvent::id).toList());
        assertThat(once.stream().map(TelemetryEvent::id).distinct()).hasSize(once.size());
        assertThat(once.get(0).time()).isEqualTo(Instant.ofEpochSecond(1795558324L, 217_000_000L));
    }

    @Test
    void usageTheModelProxyAlreadyMeteredIsKeptButNotCountedTwice() throws Exception {
        ObjectNode body = (ObjectNode) sample("write-bash-logs-2.json");
        ArrayNode resource = (ArrayNode) body.at("/resourceLogs/0/resource/attributes");
        resource.addObject().put("key", OtlpJsonParser.USAGE_METERED).putObject("value").put("stringValue", "model-proxy");
        List<TelemetryEvent> events = parser.logs(body, AgentContext.none(), received).events();
        assertThat(events).noneMatch(e -> e.type().equals("token_usage"));
        assertThat(events.stream().filter(e -> e.type().equals("claude_code.api_request"))).hasSize(2)
                .allSatisfy(e -> assertThat(data(e).get("not_counted").asText()).contains("model-proxy"));
    }

    @Test
    void aToolAHookRejectedIsAPermissionDenial() throws Exception {
        List<TelemetryEvent> events = logs("hook-deny-logs-1.json", "hook-deny-logs-2.json");
        TelemetryEvent denied = events.stream().filter(e -> e.type().equals("permission_denied")).findFirst().orElseThrow();
        assertThat(denied.toolUseId()).isEqualTo("toolu_c611957fe1bd41d08be7ee4fc0b494e2");
        assertThat(data(denied).get("tool_name").asText()).isEqualTo("Write");
        assertThat(data(denied).get("reason").asText()).isEqualTo("rejected by hook");
        assertThat(denied.executionId()).isEqualTo("ex-2");
    }

    @Test
    void aFailedApiCallIsAnError() throws Exception {
        List<TelemetryEvent> events = logs("api-error-logs-1.json", "api-error-logs-2.json");
        TelemetryEvent error = events.stream().filter(e -> e.type().equals("error")).findFirst().orElseThrow();
        assertThat(data(error).get("problem").asText()).isEqualTo("api_error");
        assertThat(data(error).get("attempt").asInt()).isEqualTo(2);
        assertThat(data(error).get("error").asText()).isEqualTo("Connection error.");
        assertThat(events).anyMatch(e -> e.type().equals("claude_code.api_retries_exhausted") && !e.knownType());
    }

    @Test
    void everyMetricDataPointIsOneMetricEvent() throws Exception {
        OtlpJsonParser.Parsed parsed = parser.metrics(sample("write-bash-metrics-1.json"), AgentContext.none(), received);
        assertThat(parsed.rejected()).isEmpty();
        assertThat(parsed.records()).isEqualTo(10);
        assertThat(parsed.events()).hasSize(10).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("metric");
            assertThat(e.knownType()).isTrue();
            assertThat(e.sessionId()).isEqualTo(SESSION);
            assertThat(e.executionId()).isEqualTo("ex-1");
        });
        List<JsonNode> tokens = parsed.events().stream().map(OtlpJsonParserTest::data)
                .filter(d -> d.get("name").asText().equals("claude_code.token.usage")).toList();
        assertThat(tokens).extracting(d -> d.at("/attributes/type").asText() + "=" + d.get("value").asLong())
                .containsExactlyInAnyOrder("input=25", "output=90", "cacheRead=2500", "cacheCreation=1350");
        assertThat(tokens).allSatisfy(d -> {
            assertThat(d.get("temporality").asText()).isEqualTo("delta");
            assertThat(d.get("unit").asText()).isEqualTo("tokens");
            assertThat(d.has("start_time")).isTrue();
        });
        JsonNode cost = parsed.events().stream().map(OtlpJsonParserTest::data)
                .filter(d -> d.get("name").asText().equals("claude_code.cost.usage")).findFirst().orElseThrow();
        assertThat(cost.get("value").asDouble()).isEqualTo(0.009149999999999998);
    }

    @Test
    void badRecordsAreRejectedOneByOneAndTheGoodOnesKept() throws Exception {
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"syn.execution_id","value":{"stringValue":"ex-9"}}]},
                 "scopeLogs":[{"scope":{"name":"test"},"logRecords":[
                  {"timeUnixNano":"1795558285934000000","body":{"stringValue":"claude_code.api_request"},"attributes":[
                    {"key":"session.id","value":{"stringValue":"s-9"}},{"key":"event.name","value":{"stringValue":"api_request"}},
                    {"key":"model","value":{"stringValue":"claude-opus-5-5"}},{"key":"request_id","value":{"stringValue":"req_1"}},
                    {"key":"input_tokens","value":{"intValue":"5"}},{"key":"output_tokens","value":{"intValue":7}},
                    {"key":"cache_read_tokens","value":{"intValue":"0"}},{"key":"cache_creation_tokens","value":{"intValue":"0"}}]},
                  {"timeUnixNano":"yesterday","body":{"stringValue":"claude_code.user_prompt"}},
                  {"timeUnixNano":"1795558285935000000","attributes":{"key":"not-a-list"}},
                  {"timeUnixNano":"1795558285936000000","body":{"stringValue":"claude_code.tool_result"},"attributes":[
                    {"key":"tool_name","value":{"stringValue":"Bash\\u0000"}}]},
                  {"timeUnixNano":"1795558285937000000","body":{"stringValue":"claude_code.tool_result"},"attributes":[
                    {"key":"tool_name","value":{"stringValue":"Bash"}},{"key":"success","value":{"stringValue":"true"}}]},
                  {"observedTimeUnixNano":"1795558285938000000","body":{"stringValue":"claude_code.api_request"},"attributes":[
                    {"key":"request_id","value":{"stringValue":"req_2"}}]}
                 ]}]}]}
                """;
        OtlpJsonParser.Parsed parsed = parser.logs(CanonicalJson.MAPPER.readTree(body), new AgentContext(null, "ph-9", null), received);
        assertThat(parsed.records()).isEqualTo(6);
        assertThat(parsed.rejected()).extracting(OtlpJsonParser.Rejected::index, OtlpJsonParser.Rejected::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "bad_time"),
                        org.assertj.core.groups.Tuple.tuple(2, "bad_attributes"),
                        org.assertj.core.groups.Tuple.tuple(3, "unstorable_text"));
        assertThat(parsed.rejected().get(0).path()).isEqualTo("resourceLogs[0].scopeLogs[0].logRecords[1]");
        assertThat(parsed.events()).extracting(TelemetryEvent::type)
                .containsExactly("token_usage", "claude_code.tool_result", "claude_code.api_request");
        TelemetryEvent usage = parsed.events().get(0);
        assertThat(usage.executionId()).isEqualTo("ex-9");
        assertThat(usage.phaseId()).as("the request's context fills what the attributes leave out").isEqualTo("ph-9");
        assertThat(data(usage).get("input_tokens").asLong()).isEqualTo(5);
        // a tool result without tool_use_id, an api_request without model or session: kept, with why they were not mapped
        assertThat(data(parsed.events().get(1)).get("unmapped_reason").asText()).startsWith("bad_field");
        assertThat(data(parsed.events().get(2)).get("unmapped_reason").asText()).isNotEmpty();
        assertThat(parsed.events().get(2).time()).isEqualTo(Instant.ofEpochSecond(1795558285L, 938_000_000L));
    }

    @Test
    void aBodyThatIsNoExportRequestIsRefusedAsAWhole() throws Exception {
        assertThatThrownBy(() -> parser.logs(CanonicalJson.MAPPER.readTree("[1,2]"), AgentContext.none(), received))
                .isInstanceOf(OtlpJsonParser.NotOtlp.class);
        assertThatThrownBy(() -> parser.metrics(CanonicalJson.MAPPER.readTree("{\"resourceMetrics\":{}}"), AgentContext.none(), received))
                .isInstanceOf(OtlpJsonParser.NotOtlp.class);
        assertThat(parser.logs(CanonicalJson.MAPPER.readTree("{}"), AgentContext.none(), received).records()).isZero();
        OtlpJsonParser.Parsed nested = parser.logs(CanonicalJson.MAPPER.readTree(
                "{\"resourceLogs\":[{\"scopeLogs\":{\"logRecords\":[]}}]}"), AgentContext.none(), received);
        assertThat(nested.rejected()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("resourceLogs[0].scopeLogs");
            assertThat(r.reason()).isEqualTo("bad_structure");
        });
        assertThat(parser.metrics(CanonicalJson.MAPPER.readTree("{\"resourceMetrics\":[5]}"), AgentContext.none(), received)
                .rejected()).extracting(OtlpJsonParser.Rejected::reason).containsExactly("not_an_object");
    }
}
