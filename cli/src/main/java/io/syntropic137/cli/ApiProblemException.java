package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered with an error status; {@code problem} is its problem+json body when it sent one (its
 * {@code type}, {@code title}, {@code detail}, and for invalid workflows {@code problems}).
 */
final class ApiProblemException extends RuntimeException {
    private final int status;
    private final JsonNode problem;

    ApiProblemException(int status, JsonNode problem, String rawBody) {
        super(detailOf(status, problem, rawBody));
        this.status = status;
        this.problem = problem;
    }

    private static String detailOf(int status, JsonNode problem, String rawBody) {
        if (problem != null && problem.hasNonNull("detail")) {
            return problem.get("detail").asText();
        }
        return "the server answered " + status + (rawBody == null || rawBody.isBlank() ? "" : ": " + rawBody.strip());
    }

    int status() {
        return status;
    }

    /** The problem document, or null when the body was not JSON. */
    JsonNode problem() {
        return problem;
    }

    String type() {
        return problem == null ? null : problem.path("type").asText(null);
    }
}
