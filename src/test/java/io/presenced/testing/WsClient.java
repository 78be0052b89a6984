package io.presenced.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A raw WebSocket client for protocol tests (the JDK's {@link WebSocket}): sends frames as given and keeps every
 * message it receives, whole, and the close code and reason. It answers WebSocket pings itself (the JDK does), but
 * never the protocol's pings: tests send {@code {}} when they mean to.
 */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A close frame from the server. */
    public record Close(int code, String reason) {
    }

    private final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile boolean paused;

    private WsClient(URI uri, Map<String, String> headers, String subprotocol) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(b::header);
        if (subprotocol != null) {
            b.subprotocols(subprotocol);
        }
        this.socket = b.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Opens a JSON connection to {@code uri}. */
    public static WsClient open(URI uri) {
        return new WsClient(uri, Map.of(), null);
    }

    /** Opens a connection with extra request headers and an optional subprotocol. */
    public static WsClient open(URI uri, Map<String, String> headers, String subprotocol) {
        return new WsClient(uri, headers, subprotocol);
    }

    // Replies of the last text message not returned by nextReply yet.
    private final java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();

    /** Sends one text frame. */
    public WsClient send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Sends one binary frame. */
    public WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Returns the next text message, waiting up to 10 s. */
    public String nextText() {
        Object o = next();
        if (!(o instanceof String s)) {
            throw new AssertionError("expected a text message, got " + o);
        }
        return s;
    }

    /** Returns the next binary message, waiting up to 10 s. */
    public byte[] nextBinary() {
        Object o = next();
        if (!(o instanceof byte[] b)) {
            throw new AssertionError("expected a binary message, got " + o);
        }
        return b;
    }

    /** Returns the replies of the next text message, one per line (none may be left over by nextReply). */
    public List<JsonNode> nextReplies() {
        if (!pending.isEmpty()) {
            throw new AssertionError("replies of the last message not read yet: " + pending);
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : nextText().split("\n", -1)) {
            try {
                out.add(JSON.readTree(line));
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return out;
    }

    /**
     * Returns the next reply: the next line of a text message that held several (the server batches replies and
     * pushes it has ready at once), or the one reply of the next text message.
     */
    public JsonNode nextReply() {
        if (pending.isEmpty()) {
            pending.addAll(nextReplies());
        }
        return pending.poll();
    }

    /** Returns the next reply that is neither a server ping nor a push. */
    public JsonNode nextAnswer() {
        while (true) {
            JsonNode r = nextReply();
            if (r.has("id")) {
                return r;
            }
        }
    }

    /** Sends a connect command with {@code token} (id 1) and returns its reply. */
    public JsonNode connect(String token) {
        send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\",\"name\":\"java\"}}");
        return nextAnswer();
    }

    /** Waits for the server's close frame. */
    public Close awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Returns whether the connection is still open. */
    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    /** Stops reading: the server's writes pile up in the socket buffers, as with a client that does not keep up. */
    public void pause() {
        paused = true;
    }

    /** Reads again. */
    public void resume() {
        paused = false;
        socket.request(1);
    }

    /** Returns whether no message is waiting. */
    public boolean hasNoMessage() {
        return messages.isEmpty() && pending.isEmpty();
    }

    private Object next() {
        try {
            Object o = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (o == null) {
                throw new AssertionError("no message within " + WAIT + (closed.isDone()
                        ? "; closed with " + closed.join() : ""));
            }
            return o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Awaits the server's close and checks its code. */
    public void awaitClosedWith(int code) {
        await().atMost(WAIT).until(closed::isDone);
        if (closed.join().code() != code) {
            throw new AssertionError("closed with " + closed.join() + ", expected code " + code);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            if (!paused) {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
        }
    }
}
