package io.syntropic137.server.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Scrapes a running server's {@code /metrics} as a Prometheus server would. */
public final class Scraper {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final String token;

    public Scraper(int port, String token) {
        this.port = port;
        this.token = token;
    }

    public PrometheusText scrape() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return PrometheusText.parse(response.body());
    }

    /**
     * A scrape in which the sample is at least {@code expected} (or the last one after a few seconds). The request
     * meter records after the response is sent, so a client that just got its answer may scrape a moment before its
     * request is counted; a caller still asserts the exact value, so an over-count fails.
     */
    public PrometheusText awaitAtLeast(double expected, String name, String... labels) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        PrometheusText last = scrape();
        while (last.find(name, labels).stream().mapToDouble(PrometheusText.Sample::value).sum() < expected
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = scrape();
        }
        return last;
    }

    /** A scrape that declares {@code family} (or the last one after a few seconds), for meters bound in the background. */
    public PrometheusText awaitFamily(String family) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        PrometheusText last = scrape();
        while (last.type(family) == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = scrape();
        }
        return last;
    }
}
