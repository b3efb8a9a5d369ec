package io.syntropic137.observability.claude;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.CanonicalJson;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.Samples;
import io.syntropic137.observability.TelemetryEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamJsonParserTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-24T15:00:00Z");
    private static final AgentContext CONTEXT = new AgentContext("exec-1", "phase-1", "acme/widgets");

    private static List<TelemetryEvent> parse(String sample) throws Exception {
        StreamJsonParser parser = new StreamJsonParser(CONTEXT);
        List<TelemetryEvent> events = new ArrayList<>();
        for (String line : Samples.lines(sample)) {
            events.addAll(parser.accept(line, RECEIVED));
        }
        events.addAll(parser.finish());
        return events;
    }

    private static List<String> types(List<TelemetryEvent> events) {
        return events.stream().map(TelemetryEvent::type).toList();
    }

    private static ObjectNode data(TelemetryEvent event) {
        return CanonicalJson.readObject(event.dataJson());
    }

    @Test
    void theCanonicalRunBecomesStartToolCallUsagePerMessageAndSummary() throws Exception {
        List<TelemetryEvent> events = parse("claude-stream-sample.jsonl");
        assertThat(types(events)).containsExactly("session_started", "tool_execution_started", "token_usage",
                "tool_execution_completed", "token_usage", "session_summary");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.sessionId()).isEqualTo("d139204b-363e-4cdc-9a93-38851f536006");
            assertThat(e.executionId()).isEqualTo("exec-1");
            assertThat(e.knownType()).isTrue();
        });
        TelemetryEvent started = events.get(1);
        assertThat(started.toolUseId()).isEqualTo("toolu_fake_ee1027ca38714c9f9793");
        assertThat(started.time()).isEqualTo(Instant.parse("2026-11-24T14:30:06.542Z"));
        assertThat(data(started).get("tool_name").asText()).isEqualTo("Write");

        // two assistant lines share message.id: one usage event for the message, carrying its tool
        ObjectNode usage = data(events.get(2));
        assertThat(usage.get("message_id").asText()).isEqualTo("msg_fake_af07f3ee20f1428a8d121d15");
        assertThat(usage.get("cache_creation_input_tokens").asLong()).isEqualTo(12317);
        assertThat(usage.get("output_tokens_final").asBoolean()).isFalse();
        assertThat(usage.get("tools").toString()).isEqualTo("[\"Write\"]");
        assertThat(usage.get("repo").asText()).isEqualTo("acme/widgets");
        assertThat(events.get(2).time()).isEqualTo(Instant.parse("2026-11-24T14:30:06.540Z"));

        TelemetryEvent completed = events.get(3);
        assertThat(completed.toolUseId()).isEqualTo(started.toolUseId());
        assertThat(data(completed).get("tool_name").asText()).isEqualTo("Write");

        ObjectNode summary = data(events.get(5));
        assertThat(summary.get("total_cost_usd").decimalValue()).isEqualByComparingTo("0.07146140000000001");
        assertThat(summary.at("/models/claude-opus-5-5/cache_read_input_tokens").asLong()).isEqualTo(11197);
        assertThat(summary.at("/usage/output_tokens").asLong()).isEqualTo(70);
    }

    @Test
    void partialMessagesGiveTheFinalOutputCountOncePerMessage() throws Exception {
        List<TelemetryEvent> events = parse("claude-stream-sample-partial-messages.jsonl");
        List<ObjectNode> usage = events.stream().filter(e -> e.is(EventType.TOKEN_USAGE)).map(StreamJsonParserTest::data).toList();
        assertThat(usage).extracting(u -> u.get("message_id").asText())
                .containsExactly("msg_fake_257d1b7c6edd452d9a76127b", "msg_fake_4f8854d2e7d64cd18da14600");
        assertThat(usage).allSatisfy(u -> assertThat(u.get("output_tokens_final").asBoolean()).isTrue());
        // message_delta's counts: together they equal the result line's output total
        assertThat(usage.stream().mapToLong(u -> u.get("output_tokens").asLong()).sum()).isEqualTo(69);
        assertThat(usage.getFirst().get("tools").toString()).isEqualTo("[\"Write\"]");
    }

    @Test
    void anOverloadedRunGivesRetriesAnErrorAndASessionError() throws Exception {
        List<TelemetryEvent> events = parse("claude-stream-sample-529.jsonl");
        assertThat(types(events)).containsExactly("session_started", "api_retry", "api_retry", "error",
                "session_summary", "session_error");
        assertThat(data(events.get(2)).get("attempt").asInt()).isEqualTo(2);
        assertThat(data(events.get(2)).get("error_status").asInt()).isEqualTo(529);
        assertThat(data(events.get(3)).get("api_error_type").asText()).isEqualTo("overloaded_error");
        assertThat(data(events.get(5)).get("terminal_reason").asText()).isEqualTo("api_error");
        assertThat(events.get(1).time()).as("lines without a timestamp get the receive time").isEqualTo(RECEIVED);
    }

    @Test
    void aHookRefusalBecomesToolBlockedAndDenialsAreRecorded() {
        StreamJsonParser parser = new StreamJsonParser(AgentContext.none());
        List<TelemetryEvent> events = new ArrayList<>();
        events.addAll(parser.accept("""
                {"type":"assistant","message":{"id":"m1","model":"claude-opus-5-5","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"rm -rf /"}}],"usage":{"input_tokens":1,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}},"session_id":"s1","timestamp":"2026-11-24T14:00:00Z"}""", RECEIVED));
        events.addAll(parser.accept("""
                {"type":"system","subtype":"permission_denied","tool_name":"Write","tool_use_id":"t2","session_id":"s1"}""", RECEIVED));
        events.addAll(parser.accept("""
                {"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","is_error":true,"content":"PreToolUse:Bash hook error: [guard]: no"}]},"session_id":"s1","timestamp":"2026-11-24T14:00:01Z"}""", RECEIVED));
        events.addAll(parser.accept("""
                {"type":"result","subtype":"success","is_error":false,"session_id":"s1","total_cost_usd":0.01,"usage":{},"modelUsage":{},
                 "permission_denials":[{"tool_name":"Write","tool_use_id":"t2","tool_input":{}},{"tool_name":"Bash","tool_use_id":"t1","tool_input":{}}]}""", RECEIVED));
        // any line that is not part of the open message closes it, so its usage comes before the denial
        assertThat(types(events)).containsExactly("tool_execution_started", "token_usage", "permission_denied", "tool_blocked",
                "session_summary", "permission_denied");
        assertThat(events.get(3).toolUseId()).isEqualTo("t1");
        assertThat(events.get(5).toolUseId()).as("only the denial the stream had not reported").isEqualTo("t1");
    }

    @Test
    void garbageAndUnstorableOutputBecomeErrorEventsInsteadOfVanishing() {
        StreamJsonParser parser = new StreamJsonParser(AgentContext.none());
        List<TelemetryEvent> garbage = parser.accept("Segmentation fault (core dumped)", RECEIVED);
        assertThat(types(garbage)).containsExactly("error");
        List<TelemetryEvent> nul = parser.accept("""
                {"type":"assistant","message":{"id":"m1","model":"claude-opus-5-5","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"printf '\\u0000'"}}]},"session_id":"s1"}""", RECEIVED);
        assertThat(types(nul)).containsExactly("error");
        assertThat(data(nul.getFirst()).get("reason").asText()).isEqualTo("unstorable_text");
    }

    @Test
    void reparsingTheSameLinesWithTheSameReceiveTimesGivesTheSameIds() throws Exception {
        assertThat(parse("claude-stream-sample-bash-hooks.jsonl")).extracting(TelemetryEvent::id)
                .containsExactlyElementsOf(parse("claude-stream-sample-bash-hooks.jsonl").stream().map(TelemetryEvent::id).toList())
                .doesNotHaveDuplicates();
    }
}
