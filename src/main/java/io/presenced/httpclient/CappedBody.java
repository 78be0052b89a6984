package io.presenced.httpclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory, up to a limit: a body that announces or delivers more than {@code max}
 * bytes cancels the exchange and fails with a message giving the limit, so that a webhook receiver or a JWKS
 * endpoint cannot make the node buffer an unbounded answer.
 */
public final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int max;
    private final boolean announcedTooLarge;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private CappedBody(int max, boolean announcedTooLarge) {
        this.max = max;
        this.announcedTooLarge = announcedTooLarge;
    }

    /** Returns a handler whose bodies are capped at {@code max} bytes. */
    public static HttpResponse.BodyHandler<byte[]> handler(int max) {
        return info -> new CappedBody(max,
                info.headers().firstValueAsLong("content-length").orElse(0) > max);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (announcedTooLarge) {
            tooLarge();
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (bytes.size() + b.remaining() > max) {
                tooLarge();
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    private void tooLarge() {
        subscription.cancel();
        result.completeExceptionally(new IOException("answered with a body over " + max + " bytes"));
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
