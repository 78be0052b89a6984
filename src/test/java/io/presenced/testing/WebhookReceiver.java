package io.presenced.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver of channel-state webhooks, implementing the seed's handler contract: read
 * {@code {"events":[{"channel","type","time_ms"}]}}, answer {@code {"result":{}}}. It records every event it
 * accepted, in arrival order, and every request it got; it can be told to refuse requests, as a backend that is
 * down, to stall the body of its answers, or to answer with an oversized body.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received event, with the request headers it came with and when it arrived. */
    public record Received(String channel, String type, long timeMs, String id, long version, long arrivedMs,
                           Headers headers, byte[] body) {
    }

    /** One request as it arrived, with the status it was answered with (0 when its answer was stalled). */
    public record Request(int status, Headers headers, byte[] body) {

        /** Returns the ids of the events in the body, in order. */
        public List<String> eventIds() {
            List<String> ids = new ArrayList<>();
            try {
                JSON.readTree(body).path("events").forEach(e -> ids.add(e.path("id").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ids;
        }
    }

    private final HttpServer server;
    private final List<Received> events = new ArrayList<>();
    private final List<Request> log = new ArrayList<>();
    private final AtomicInteger stallNext = new AtomicInteger();
    private final AtomicInteger oversizeNext = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int oversizeBytes;
    private volatile int refuseWith;
    private int requests;
    private int refused;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts a receiver on a free loopback port, at path {@code /centrifugo/channel_events}. */
    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            WebhookReceiver r = new WebhookReceiver(server);
            server.createContext("/centrifugo/channel_events", r::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the endpoint URL to configure. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/centrifugo/channel_events";
    }

    /** Makes every request fail with {@code status} (0 to accept again). */
    public void refuseWith(int status) {
        this.refuseWith = status;
    }

    /**
     * Makes the next {@code n} requests get a 200 status line and headers announcing a body that never comes; each
     * such exchange holds one of the receiver's 4 threads until {@link #close()}.
     */
    public void stallNext(int n) {
        stallNext.set(n);
    }

    /** Makes the next {@code n} requests get 200 with a valid JSON body of about {@code bytes} bytes. */
    public void oversizeNext(int n, int bytes) {
        oversizeBytes = bytes;
        oversizeNext.set(n);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (stallNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            stall(ex, body);
            return;
        }
        if (oversizeNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            synchronized (this) {
                requests++;
                log.add(new Request(200, ex.getRequestHeaders(), body));
            }
            respond(ex, 200, "{\"result\":{},\"padding\":\"" + "x".repeat(oversizeBytes) + "\"}");
            return;
        }
        int status = refuseWith;
        synchronized (this) {
            requests++;
            log.add(new Request(status == 0 ? 200 : status, ex.getRequestHeaders(), body));
            if (status != 0) {
                refused++;
            }
        }
        if (status != 0) {
            respond(ex, status, "{\"error\":{\"code\":100,\"message\":\"down\"}}");
            return;
        }
        JsonNode root = JSON.readTree(body);
        long now = System.currentTimeMillis();
        synchronized (this) {
            for (JsonNode e : root.path("events")) {
                // A user event names its user where a channel-state event names its channel.
                JsonNode subject = e.has("user") ? e.path("user") : e.path("channel");
                events.add(new Received(subject.asText(), e.path("type").asText(),
                        e.path("time_ms").asLong(), e.path("id").asText(), e.path("version").asLong(), now,
                        ex.getRequestHeaders(), body));
            }
        }
        respond(ex, 200, "{\"result\":{}}");
    }

    private void stall(HttpExchange ex, byte[] body) throws IOException {
        synchronized (this) {
            requests++;
            log.add(new Request(0, ex.getRequestHeaders(), body));
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 100);
        ex.getResponseBody().flush();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ex.close();
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    /** Returns every event accepted so far, in arrival order. */
    public synchronized List<Received> events() {
        return new ArrayList<>(events);
    }

    /** Returns the events of one channel, in arrival order. */
    public synchronized List<Received> events(String channel) {
        return events.stream().filter(e -> e.channel().equals(channel)).toList();
    }

    /** Returns how many requests arrived, refused ones included. */
    public synchronized int requests() {
        return requests;
    }

    /** Returns every request so far, in arrival order. */
    public synchronized List<Request> requestLog() {
        return new ArrayList<>(log);
    }

    /** Returns how many requests were refused. */
    public synchronized int refused() {
        return refused;
    }

    /**
     * Returns the receiver's view of each channel: the type of the event with the highest version, after
     * dropping duplicates (same id), as a receiver applying events by version would.
     */
    public synchronized Map<String, String> view() {
        Map<String, Received> last = new HashMap<>();
        for (Received e : events) {
            Received prev = last.get(e.channel());
            if (prev == null || e.version() > prev.version()) {
                last.put(e.channel(), e);
            }
        }
        Map<String, String> out = new HashMap<>();
        last.forEach((ch, e) -> out.put(ch, e.type()));
        return out;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
