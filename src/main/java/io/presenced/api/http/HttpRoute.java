package io.presenced.api.http;

import java.util.concurrent.CompletionStage;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * A non-API path served on the HTTP port, such as {@code /health}. Runs on the event loop: it must not block.
 */
@FunctionalInterface
public interface HttpRoute {

    /** Answers {@code request}; its body is only valid until this method returns. */
    CompletionStage<FullHttpResponse> handle(FullHttpRequest request, ByteBufAllocator alloc);
}
