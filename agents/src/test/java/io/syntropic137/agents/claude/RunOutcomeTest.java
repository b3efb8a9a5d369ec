package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.port.AgentResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Success and failure decided the way the CLI means them (the notes' rule: is_error and the exit code, never subtype). */
class RunOutcomeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TokenUsage PROXIED = new TokenUsage(1, 2, 3, 4);

    private static Optional<StreamJsonReader.ResultSummary> summary(String json, String errorText) throws IOException {
        JsonNode node = MAPPER.readTree(json);
        return Optional.of(new StreamJsonReader.ResultSummary(node, errorText, node));
    }

    @Test
    void aCleanResultIsASuccessWithTheResultsTokensAndCost() throws IOException {
        AgentResult result = RunOutcome.decide(summary("""
                {"subtype":"success","is_error":false,"total_cost_usd":0.0123,
                 "usage":{"input_tokens":20,"output_tokens":45,"cache_creation_input_tokens":1300,"cache_read_input_tokens":1200}}""", null),
                0, false, "", PROXIED);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.tokens()).isEqualTo(new TokenUsage(20, 45, 1300, 1200));
        assertThat(result.costUsd()).isEqualByComparingTo(new BigDecimal("0.0123"));
    }

    @Test
    void anApiErrorWithSubtypeSuccessIsAFailureNamingTheReason() throws IOException {
        AgentResult result = RunOutcome.decide(summary("""
                {"subtype":"success","is_error":true,"terminal_reason":"api_error","api_error_status":529,"total_cost_usd":0,"usage":{}}""",
                "API Error: 529 Overloaded"), 1, false, "", PROXIED);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).isEqualTo("claude ended with an error (api_error, api status 529): API Error: 529 Overloaded");
    }

    @Test
    void noResultLineMeansKilledWithTheProxiedTokens() {
        AgentResult result = RunOutcome.decide(Optional.empty(), 137, false, "Killed\n", PROXIED);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).isEqualTo("killed: claude exited with code 137 without a result line: Killed");
        assertThat(result.tokens()).isEqualTo(PROXIED);
        assertThat(result.costUsd()).isNull();
    }

    @Test
    void aStoppedRunIsNeverASuccessEvenWithACleanResult() throws IOException {
        AgentResult result = RunOutcome.decide(summary("""
                {"subtype":"success","is_error":false,"total_cost_usd":0.01,"usage":{"input_tokens":5}}""", null),
                0, true, "", PROXIED);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).startsWith("stopped");
    }

    @Test
    void aNonZeroExitWithoutIsErrorIsStillAFailure() throws IOException {
        AgentResult result = RunOutcome.decide(summary("""
                {"subtype":"success","is_error":false,"usage":{}}""", null), 3, false, "boom", PROXIED);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).isEqualTo("claude exited with code 3: boom");
    }
}
