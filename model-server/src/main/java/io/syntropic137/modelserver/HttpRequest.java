package io.syntropic137.modelserver;

import java.util.Map;
import java.util.Optional;

/**
 * One parsed HTTP/1.1 request.
 *
 * @param path    the request target without its query string
 * @param query   the query string without {@code ?}, empty if none
 * @param headers names in lower case; a repeated header keeps its values joined with {@code ", "}
 */
record HttpRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {

    HttpRequest {
        headers = Map.copyOf(headers);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** HTTP/1.1 keeps the connection unless the client says {@code Connection: close}. */
    boolean wantsClose() {
        return header("connection").map(value -> value.toLowerCase().contains("close")).orElse(false);
    }
}
