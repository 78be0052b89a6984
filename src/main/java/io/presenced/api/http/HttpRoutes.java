package io.presenced.api.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Helpers for the routes served beside the API, such as {@code /health}.
 */
public final class HttpRoutes {

    private HttpRoutes() {
    }

    /** Returns a response with {@code body} as its body, of type {@code contentType}. */
    public static FullHttpResponse bytes(ByteBufAllocator alloc, HttpResponseStatus status, byte[] body,
                                         String contentType) {
        return HttpResponses.response(status, alloc.buffer(body.length).writeBytes(body), contentType);
    }

    /** Returns a response with {@code json} as its body. */
    public static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return HttpResponses.response(status, alloc.buffer(bytes.length).writeBytes(bytes),
                HttpHeaderValues.APPLICATION_JSON);
    }
}
