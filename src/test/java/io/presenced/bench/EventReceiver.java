package io.presenced.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A channel-state webhook receiver on 127.0.0.1 (JDK HTTP server): notes the arrival time of every event of every
 * request, then answers {@code 200 {"result":{}}} as a backend does.
 */
final class EventReceiver implements AutoCloseable {

    /** Told about each event as it arrives, on a receiver thread. */
    interface Listener {
        void event(String channel, String type, long arrivedNanos);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] OK = "{\"result\":{}}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Listener listener;

    private EventReceiver(HttpServer server, ExecutorService executor, Listener listener) {
        this.server = server;
        this.executor = executor;
        this.listener = listener;
    }

    /** Starts a receiver on {@code port} (any path) that reports events to {@code listener}. */
    static EventReceiver start(int port, Listener listener) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        EventReceiver r = new EventReceiver(server, executor, listener);
        server.createContext("/", r::handle);
        server.setExecutor(executor);
        server.start();
        return r;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        long arrived = System.nanoTime();
        JsonNode events = JSON.readTree(body).path("events");
        for (JsonNode e : events) {
            // A user event names its user where a channel-state event names its channel.
            listener.event((e.has("user") ? e.path("user") : e.path("channel")).asText(), e.path("type").asText(),
                    arrived);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, OK.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(OK);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
