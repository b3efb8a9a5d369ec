package io.syntropic137.server.metrics;

/** Chooses the text format a scraper asked for: OpenMetrics when its Accept names it, else Prometheus 0.0.4. */
final class Exposition {
    // the registry picks its writer from the same Accept rule, so the body is always in the format named here
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    static String contentType(String accept) {
        // the protobuf format is not offered: every Prometheus version reads text, and text is what operators curl
        return accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : PROMETHEUS_TEXT;
    }

    private Exposition() {
    }
}
