package io.presenced.proxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.presenced.PresenceException;
import io.presenced.state.ChannelEvent;
import io.presenced.state.EventSink;

/**
 * Delivers events by HTTP {@code POST} of their JSON. Success is status 200 with a JSON object body that has no
 * {@code error} (the backend answers {@code {"result":{}}}); anything else is a failure to retry.
 */
public final class HttpEventSink implements EventSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final WebhookSignature signature;
    private final Clock clock;
    private final HttpClient client;

    /**
     * Creates the sink.
     *
     * @param headers   static headers added to every request
     * @param signature signer of requests, or {@code null} for unsigned requests
     */
    public HttpEventSink(URI endpoint, Duration timeout, Map<String, String> headers, WebhookSignature signature,
                         Clock clock) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
        this.signature = signature;
        this.clock = clock;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public CompletionStage<Void> send(List<ChannelEvent> events) {
        byte[] body = EventJson.encode(events);
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        b.header("Content-Type", "application/json");
        if (signature != null) {
            String id = EventJson.batchId(events);
            long ts = clock.millis() / 1000;
            b.header("webhook-id", id).header("webhook-timestamp", Long.toString(ts))
                    .header("webhook-signature", signature.sign(id, ts, body));
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenCompose(this::check);
    }

    private CompletableFuture<Void> check(HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            return CompletableFuture.failedFuture(new PresenceException(endpoint + " answered HTTP " + r.statusCode()));
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body == null || !body.isObject()) {
                return CompletableFuture.failedFuture(new PresenceException(endpoint + " answered 200 without a JSON object"));
            }
            JsonNode error = body.get("error");
            if (error != null && !error.isNull()) {
                return CompletableFuture.failedFuture(new PresenceException(endpoint + " answered error " + error));
            }
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new PresenceException(endpoint + " answered 200 with a body that is not JSON"));
        }
    }

    @Override
    public String describe() {
        return endpoint.toString();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient releases its resources when it is no longer referenced.
    }
}
