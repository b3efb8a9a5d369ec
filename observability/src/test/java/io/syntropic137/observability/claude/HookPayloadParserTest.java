package io.syntropic137.observability.claude;

import io.syntropic137.observability.CanonicalJson;
import io.syntropic137.observability.Samples;
import io.syntropic137.observability.TelemetryEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HookPayloadParserTest {
    private final HookPayloadParser parser = new HookPayloadParser();
    private final AgentContext context = new AgentContext("exec-1", "phase-1", null);

    @Test
    void theRecordedHookSequenceMapsToSessionToolAndStopEvents() throws Exception {
        List<TelemetryEvent> events = new ArrayList<>();
        Instant time = Instant.parse("2026-11-24T15:00:00Z");
        for (String line : Samples.lines("claude-hook-sample.jsonl")) {
            events.addAll(parser.parse(CanonicalJson.MAPPER.readTree(line), context, time = time.plusMillis(1)));
        }
        assertThat(events).extracting(TelemetryEvent::type).containsExactly("session_started", "prompt_submitted",
                "tool_execution_started", "tool_execution_completed", "tool_execution_started", "tool_execution_completed",
                "agent_stopped", "session_ended");
        assertThat(events.get(2).toolUseId()).isEqualTo("toolu_fake_5dbdf82cb6534a8db9aa").isEqualTo(events.get(3).toolUseId());
        assertThat(CanonicalJson.readObject(events.get(5).dataJson()).get("duration_ms").asLong()).isEqualTo(30);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.sessionId()).isEqualTo("5b281087-06fa-4b9c-aa37-d6c5ca40ca13");
            assertThat(e.phaseId()).isEqualTo("phase-1");
        });
    }

    @Test
    void aHookThisBuildDoesNotKnowIsKeptWithTheFlag() throws Exception {
        List<TelemetryEvent> events = parser.parse(CanonicalJson.MAPPER.readTree(
                "{\"session_id\":\"s\",\"hook_event_name\":\"PreCompact\",\"trigger\":\"auto\"}"), context, Instant.now());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("hook.pre_compact");
            assertThat(e.knownType()).isFalse();
        });
    }
}
