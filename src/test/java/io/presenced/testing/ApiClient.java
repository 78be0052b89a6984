package io.presenced.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain HTTP client for the server API, as a backend would call it.
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;
    private final String apiKey;

    public ApiClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** The status, headers and body of one response. */
    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

        /** Parses the body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    /** POSTs {@code body} to {@code /api/<method>} with {@code X-API-Key}. */
    public Response call(String method, String body) {
        return post("/api/" + method, body, Map.of("X-API-Key", apiKey));
    }

    /** POSTs {@code body} to {@code /api/<method>} and returns the parsed JSON of a successful 200 response. */
    public JsonNode callJson(String method, String body) {
        Response r = call(method, body);
        if (r.status() != 200 || r.json().has("error")) {
            throw new AssertionError("HTTP " + r.status() + " for " + method + ": " + r.body());
        }
        return r.json();
    }

    /** POSTs {@code body} to the legacy {@code /api} route with {@code Authorization: apikey <key>}. */
    public Response legacy(String body) {
        return post("/api", body, Map.of("Authorization", "apikey " + apiKey));
    }

    /** POSTs with exactly the given headers. */
    public Response post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** Sends a request with any method and no authentication. */
    public Response request(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
