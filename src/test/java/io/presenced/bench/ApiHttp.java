package io.presenced.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Calls presenced's HTTP API ({@code POST /api/<method>}) with the JDK client. A call fails unless the answer is
 * HTTP 200 without an {@code error}: the transport error mode is asked for, so an API error is a non-200 status.
 */
final class ApiHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final String base;
    private final String key;

    /** Creates a caller of the API at {@code url} (such as {@code http://127.0.0.1:8000}) with {@code key}. */
    ApiHttp(String url, String key) {
        this.base = url + "/api/";
        this.key = key;
    }

    /** Sends {@code body} to {@code method}; completes with the response body. */
    CompletableFuture<String> call(String method, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + method)).timeout(TIMEOUT)
                .header("X-API-Key", key)
                .header("X-Centrifugo-Error-Mode", "transport")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
                throw new IllegalStateException(method + " answered HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        });
    }

    /** Returns a JSON string literal of {@code s}, which must need no escaping (ids made by the generator). */
    static String quote(String s) {
        return '"' + s + '"';
    }
}
