package io.syntropic137.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.observability.Validation.Invalid;
import io.syntropic137.observability.Validation.Reason;
import io.syntropic137.observability.Validation.Valid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryValidatorTest {
    private final TelemetryValidator validator = new TelemetryValidator(1_000);

    private Validation validate(String json) throws Exception {
        JsonNode node = CanonicalJson.MAPPER.readTree(json);
        return validator.validate(node);
    }

    private Reason reason(String json) throws Exception {
        Validation validation = validate(json);
        assertThat(validation).isInstanceOf(Invalid.class);
        return ((Invalid) validation).reason();
    }

    @Test
    void theIdDependsOnContentNotOnKeyOrderOrFormatting() throws Exception {
        TelemetryEvent a = validate("""
                {"time":"2026-11-24T14:30:06.540Z","type":"tool_execution_started","session":"s","tool_use_id":"t",
                 "data":{"tool_name":"Write","input":{"a":1,"b":[1,2]}}}""").orThrow();
        TelemetryEvent b = validate("""
                {"data":{"input":{"b":[1,2],"a":1},"tool_name":"Write"},"tool_use_id":"t","session":"s",
                 "type":"tool_execution_started","time":"2026-11-24T15:30:06.540+01:00"}""").orThrow();
        TelemetryEvent c = validate("""
                {"time":"2026-11-24T14:30:06.541Z","type":"tool_execution_started","session":"s","tool_use_id":"t",
                 "data":{"tool_name":"Write","input":{"a":1,"b":[1,2]}}}""").orThrow();
        assertThat(a.id()).isEqualTo(b.id()).isNotEqualTo(c.id());
        assertThat(a.knownType()).isTrue();
        assertThat(a.dataJson()).isEqualTo("{\"input\":{\"a\":1,\"b\":[1,2]},\"tool_name\":\"Write\"}");
        assertThat(a.id().version()).isEqualTo(8);
    }

    @Test
    void aMatchingIdIsAcceptedAndAWrongOneRefused() throws Exception {
        String body = "\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"error\"";
        TelemetryEvent event = validate("{" + body + "}").orThrow();
        assertThat(validate("{" + body + ",\"id\":\"" + event.id() + "\"}")).isEqualTo(new Valid(event));
        assertThat(reason("{" + body + ",\"id\":\"00000000-0000-0000-0000-000000000000\"}")).isEqualTo(Reason.ID_MISMATCH);
    }

    @Test
    void unknownTypesPassWithTheFlag() throws Exception {
        TelemetryEvent event = validate("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"mcp.tool_progress\",\"data\":{\"x\":1}}").orThrow();
        assertThat(event.knownType()).isFalse();
        assertThat(event.type()).isEqualTo("mcp.tool_progress");
    }

    @Test
    void eachSchemaViolationHasItsStableReason() throws Exception {
        assertThat(reason("[1]")).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"error\",\"colour\":\"red\"}")).isEqualTo(Reason.UNKNOWN_FIELD);
        assertThat(reason("{\"type\":\"error\"}")).isEqualTo(Reason.MISSING_TIME);
        assertThat(reason("{\"time\":\"yesterday\",\"type\":\"error\"}")).isEqualTo(Reason.BAD_TIME);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06\",\"type\":\"error\"}")).as("no offset").isEqualTo(Reason.BAD_TIME);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\"}")).isEqualTo(Reason.MISSING_TYPE);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"Tool Started\"}")).isEqualTo(Reason.BAD_TYPE);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"error\",\"session\":7}")).isEqualTo(Reason.BAD_FIELD);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"error\",\"data\":[1]}")).isEqualTo(Reason.DATA_NOT_AN_OBJECT);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"tool_execution_started\",\"data\":{\"tool_name\":\"x\"}}"))
                .as("tool events need tool_use_id").isEqualTo(Reason.BAD_FIELD);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"token_usage\",\"session\":\"s\",\"data\":{\"model\":\"m\"}}"))
                .isEqualTo(Reason.MISSING_DATA_FIELD);
        assertThat(reason("""
                {"time":"2026-11-24T14:30:06Z","type":"token_usage","session":"s","data":{"message_id":"m","model":"x",
                 "input_tokens":-1,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}"""))
                .isEqualTo(Reason.BAD_DATA_FIELD);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"error\",\"data\":{\"t\":\"a\\u0000b\"}}")).isEqualTo(Reason.UNSTORABLE_TEXT);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"error\",\"data\":{\"t\":\"\\ud800\"}}")).isEqualTo(Reason.UNSTORABLE_TEXT);
        assertThat(reason("{\"time\":\"2026-11-24T14:30:06Z\",\"type\":\"error\",\"data\":{\"t\":\"" + "x".repeat(1_000) + "\"}}"))
                .isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void timeIsKeptToTheMicrosecond() throws Exception {
        TelemetryEvent event = validate("{\"time\":\"2026-11-24T14:30:06.123456789Z\",\"type\":\"error\"}").orThrow();
        assertThat(event.time().getNano()).isEqualTo(123_456_000);
    }
}
