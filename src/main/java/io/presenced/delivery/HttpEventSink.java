package io.presenced.delivery;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.presenced.PresenceException;
import io.presenced.concurrent.Futures;
import io.presenced.config.ChannelStateConfig;
import io.presenced.httpclient.CappedBody;
import io.presenced.state.ChannelEvent;
import io.presenced.state.EventSink;
import io.presenced.tasks.BackgroundTasks;

/**
 * Delivers events by HTTP {@code POST} of their JSON. Success is status 200 with a JSON object body that has no
 * {@code error} (the backend answers {@code {"result":{}}}); anything else is a failure to retry.
 *
 * <p>One deadline, {@code timeout}, covers the whole exchange: connecting, sending, the response headers and the
 * whole response body. When it passes the request is cancelled. At most {@code maxResponseSize} bytes of the
 * answer are read; a longer answer fails the attempt. Failure messages and {@link #describe()} show the endpoint
 * without its user-info and query, which may carry credentials.
 */
public final class HttpEventSink implements EventSink {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Longest part of a receiver's error answer quoted in a failure message (and so in a log line).
    private static final int MAX_SHOWN_ERROR = 200;

    private final URI endpoint;
    private final String shown;
    private final Duration timeout;
    private final int maxResponseSize;
    private final Map<String, String> headers;
    private final WebhookSignature signature;
    private final Clock clock;
    private final HttpClient client;
    private final EventNaming naming;

    /**
     * Creates the sink.
     *
     * @param headers   static headers added to every request; must be headers the JDK client may send
     * @param signature signer of requests, or {@code null} for unsigned requests
     */
    public HttpEventSink(URI endpoint, Duration timeout, int maxResponseSize, Map<String, String> headers,
                         WebhookSignature signature, Clock clock) {
        this(endpoint, timeout, maxResponseSize, headers, signature, clock, EventNaming.CHANNELS);
    }

    /** Creates the sink of a stream whose events are named by {@code naming}. */
    public HttpEventSink(URI endpoint, Duration timeout, int maxResponseSize, Map<String, String> headers,
                         WebhookSignature signature, Clock clock, EventNaming naming) {
        this.naming = naming;
        this.endpoint = endpoint;
        this.shown = ChannelStateConfig.shownEndpoint(endpoint.toString());
        this.timeout = timeout;
        this.maxResponseSize = maxResponseSize;
        this.headers = Map.copyOf(headers);
        this.signature = signature;
        this.clock = clock;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public CompletionStage<Void> send(List<ChannelEvent> events) {
        HttpRequest request;
        try {
            request = request(events);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure("cannot build the request: " + reason(e)));
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request,
                CappedBody.handler(maxResponseSize));
        CompletableFuture<Void> result = new CompletableFuture<>();
        exchange.thenCompose(this::check).whenComplete((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e);
            }
        });
        // The request's own timeout ends when the headers arrive; this one also covers a body that stalls.
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return result.handle((v, e) -> {
            if (e == null) {
                return null;
            }
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof TimeoutException) {
                exchange.cancel(true);
                throw failure("no complete answer within " + timeout.toMillis() + " ms");
            }
            throw cause instanceof PresenceException p ? p : failure(reason(cause));
        });
    }

    private HttpRequest request(List<ChannelEvent> events) {
        byte[] body = EventJson.encode(events, naming);
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
        return b.build();
    }

    private CompletableFuture<Void> check(HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            return CompletableFuture.failedFuture(failure("answered HTTP " + r.statusCode()));
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body == null || !body.isObject()) {
                return CompletableFuture.failedFuture(failure("answered 200 without a JSON object"));
            }
            JsonNode error = body.get("error");
            if (error != null && !error.isNull()) {
                return CompletableFuture.failedFuture(failure("answered error " + abbreviate(error.toString())));
            }
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(failure("answered 200 with a body that is not JSON"));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_SHOWN_ERROR ? text : text.substring(0, MAX_SHOWN_ERROR) + "…";
    }

    private PresenceException failure(String what) {
        // No cause is attached: its message and stack could hold the endpoint with its credentials.
        return new PresenceException(shown + " " + what);
    }

    /** Returns the reason of {@code t} without the full endpoint or any static header value in it. */
    private String reason(Throwable t) {
        String reason = BackgroundTasks.reason(t).replace(endpoint.toString(), shown);
        for (String value : headers.values()) {
            if (!value.isEmpty()) {
                reason = reason.replace(value, "***");
            }
        }
        return reason;
    }

    @Override
    public String describe() {
        return shown;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient releases its resources when it is no longer referenced.
    }
}
