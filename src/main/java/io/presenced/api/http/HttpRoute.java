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

    /**
     * Answers {@code request}, whose body is always empty (bodies sent to these paths are dropped unread).
     *
     * @param authorized whether the request carries the API key, in any form the API accepts
     */
    CompletionStage<FullHttpResponse> handle(FullHttpRequest request, boolean authorized, ByteBufAllocator alloc);
}
