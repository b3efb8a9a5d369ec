package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.port.AgentResult;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Decides how a Claude Code run ended, the way the CLI means it: success needs a {@code result} line with
 * {@code is_error: false} and exit code 0 ({@code subtype} says "success" even for API errors, so it is never
 * read). No {@code result} line means the process was killed; its tokens are then the sum the proxy saw. A run we stopped never counts as a success, even
 * when the CLI, interrupted, still printed a result. Tokens and cost are the result line's totals.
 */
final class RunOutcome {

    private RunOutcome() {
    }

    static AgentResult decide(Optional<StreamJsonReader.ResultSummary> result, int exitCode, boolean stopped,
                              String stderrTail, TokenUsage proxiedUsage) {
        if (result.isEmpty()) {
            String why = stopped ? "stopped" : "killed";
            return AgentResult.failure(why + ": claude exited with code " + exitCode + " without a result line"
                    + tail(stderrTail), proxiedUsage, null);
        }
        JsonNode summary = result.get().summary();
        JsonNode usage = summary.path("usage");
        TokenUsage tokens = new TokenUsage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0),
                usage.path("cache_creation_input_tokens").asLong(0), usage.path("cache_read_input_tokens").asLong(0));
        BigDecimal cost = summary.hasNonNull("total_cost_usd") ? summary.get("total_cost_usd").decimalValue() : null;
        boolean isError = summary.path("is_error").asBoolean(false);
        if (stopped) {
            return AgentResult.failure("stopped" + reason(summary), tokens, cost);
        }
        if (isError) {
            String text = result.get().errorText();
            return AgentResult.failure("claude ended with an error" + reason(summary)
                    + (text == null || text.isBlank() ? "" : ": " + text), tokens, cost);
        }
        if (exitCode != 0) {
            return AgentResult.failure("claude exited with code " + exitCode + tail(stderrTail), tokens, cost);
        }
        return AgentResult.success(tokens, cost);
    }

    private static String reason(JsonNode summary) {
        StringBuilder reason = new StringBuilder();
        if (summary.hasNonNull("terminal_reason")) {
            reason.append(" (").append(summary.get("terminal_reason").asText());
            if (summary.hasNonNull("api_error_status")) {
                reason.append(", api status ").append(summary.get("api_error_status").asText());
            }
            reason.append(')');
        }
        return reason.toString();
    }

    private static String tail(String stderr) {
        String text = stderr == null ? "" : stderr.strip();
        return text.isEmpty() ? "" : ": " + text;
    }
}
