package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Messages API's error bodies: {@code {"type":"error","error":{"type":...,"message":...}}}. */
final class ApiErrors {

    private ApiErrors() {
    }

    /** The API's error type for a status, which is what clients such as Claude Code branch on. */
    static String type(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 401 -> "invalid x-api-key";
            case 429 -> "Number of requests has exceeded your rate limit";
            case 500 -> "Internal server error";
            case 529 -> "Overloaded";
            default -> "scripted error " + status;
        };
    }

    static ObjectNode body(int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", type(status));
        error.put("message", message);
        return body;
    }
}
