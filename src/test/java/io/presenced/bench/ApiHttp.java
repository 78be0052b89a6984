package io.presenced.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Calls presenced's HTTP API ({@code POST /api/<method>}) from a pool of threads, each with its own keep-alive
 * connection, so at most {@code threads} calls are in flight and the rest wait their turn. A call fails unless
 * the answer is HTTP 200 without an {@code error}: the transport error mode is asked for, so an API error is a
 * non-200 status.
 */
final class ApiHttp implements AutoCloseable {

    private final String host;
    private final int port;
    private final String headers;
    private final ExecutorService pool;
    private final ThreadLocal<HttpConnection> connection;

    /** Creates a caller of the API at {@code url} (such as {@code http://127.0.0.1:8000}) with {@code key}. */
    ApiHttp(String url, String key, int threads) {
        URI u = URI.create(url);
        this.host = u.getHost();
        this.port = u.getPort();
        this.headers = "X-API-Key: " + key + "\r\nX-Centrifugo-Error-Mode: transport\r\n"
                + "Content-Type: application/json\r\n";
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "api-http");
            t.setDaemon(true);
            return t;
        });
        this.connection = ThreadLocal.withInitial(() -> new HttpConnection(host, port));
    }

    /** Sends {@code body} to {@code method} on a pool thread; completes with the response body. */
    CompletableFuture<String> call(String method, String body) {
        return call(method, body, () -> { });
    }

    /** Sends as {@link #call(String, String)} does, running {@code beforeSend} just before the request leaves. */
    CompletableFuture<String> call(String method, String body, Runnable beforeSend) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> {
            beforeSend.run();
            HttpConnection.Response r;
            try {
                r = connection.get().post("/api/" + method, headers, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(method + ": " + e.getMessage(), e);
            }
            if (r.status() != 200 || r.body().contains("\"error\"")) {
                throw new IllegalStateException(method + " answered HTTP " + r.status() + ": " + r.body());
            }
            return r.body();
        }, pool);
    }

    /** Returns a JSON string literal of {@code s}, which must need no escaping (ids made by the generator). */
    static String quote(String s) {
        return '"' + s + '"';
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
