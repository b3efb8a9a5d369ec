package io.syntropic137.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.Validation.Invalid;
import io.syntropic137.observability.Validation.Reason;

/**
 * The fields a known type needs so that queries can rely on them: tool events name their call, token usage
 * carries the API message id (the de-duplication key), the model (the price key) and four counts.
 */
final class TypeSchemas {
    static final String[] TOKEN_FIELDS = {"input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"};

    static Invalid check(EventType type, String toolUseId, String sessionId, ObjectNode data) {
        return switch (type) {
            case TOOL_EXECUTION_STARTED -> firstOf(requireToolUseId(toolUseId), requireText(data, "tool_name"));
            case TOOL_EXECUTION_COMPLETED, TOOL_EXECUTION_FAILED -> requireToolUseId(toolUseId);
            case TOKEN_USAGE -> firstOf(requireSession(sessionId), requireText(data, "message_id"), requireText(data, "model"),
                    requireCounts(data));
            case SESSION_STARTED, SESSION_SUMMARY, SESSION_ERROR, SESSION_ENDED -> firstOf(requireSession(sessionId),
                    type == EventType.SESSION_SUMMARY ? optionalNumber(data, "total_cost_usd") : null,
                    type == EventType.SESSION_SUMMARY ? optionalObject(data, "models") : null);
            case GIT_COMMIT -> requireText(data, "sha");
            case METRIC -> requireText(data, "name");
            default -> null;
        };
    }

    private static Invalid firstOf(Invalid... problems) {
        for (Invalid problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static Invalid requireToolUseId(String toolUseId) {
        return toolUseId == null ? new Invalid(Reason.BAD_FIELD, "tool events need tool_use_id") : null;
    }

    private static Invalid requireSession(String sessionId) {
        return sessionId == null ? new Invalid(Reason.BAD_FIELD, "this type needs session") : null;
    }

    private static Invalid requireText(ObjectNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return new Invalid(Reason.MISSING_DATA_FIELD, "data." + field + " is required");
        }
        return node.isTextual() && !node.textValue().isEmpty() ? null
                : new Invalid(Reason.BAD_DATA_FIELD, "data." + field + " must be a non-empty string");
    }

    private static Invalid requireCounts(ObjectNode data) {
        for (String field : TOKEN_FIELDS) {
            JsonNode node = data.get(field);
            if (node == null || node.isNull()) {
                return new Invalid(Reason.MISSING_DATA_FIELD, "data." + field + " is required");
            }
            if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 0) {
                return new Invalid(Reason.BAD_DATA_FIELD, "data." + field + " must be a non-negative integer");
            }
        }
        return null;
    }

    private static Invalid optionalNumber(ObjectNode data, String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() || node.isNumber() ? null
                : new Invalid(Reason.BAD_DATA_FIELD, "data." + field + " must be a number");
    }

    private static Invalid optionalObject(ObjectNode data, String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() || node.isObject() ? null
                : new Invalid(Reason.BAD_DATA_FIELD, "data." + field + " must be an object");
    }

    private TypeSchemas() {
    }
}
