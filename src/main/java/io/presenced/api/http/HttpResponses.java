package io.presenced.api.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.presenced.api.JsonParams;
import io.presenced.api.JsonWritable;

/**
 * Builds HTTP responses: JSON bodies written straight into a pooled buffer, plain text and empty bodies. Which
 * status and body an error gets is {@link HttpErrors}'s choice.
 */
final class HttpResponses {

    static final JsonFactory JSON = new JsonFactory();

    private HttpResponses() {
    }

    static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, JsonWritable body) {
        ByteBuf buf = alloc.buffer(256);
        try {
            append(buf, body);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return response(status, buf, HttpHeaderValues.APPLICATION_JSON);
    }

    /** Appends {@code body} as JSON to {@code buf}. */
    static void append(ByteBuf buf, JsonWritable body) {
        try (OutputStream os = new ByteBufOutputStream(buf);
             JsonGenerator gen = JSON.createGenerator(os, JsonEncoding.UTF8)) {
            body.writeTo(gen);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write response: " + e.getMessage(), e);
        }
    }

    static FullHttpResponse text(HttpResponseStatus status, String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        return response(status, buf, HttpHeaderValues.TEXT_PLAIN);
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }

    static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, CharSequence contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return r;
    }

    /** Returns {@code not valid JSON (<problem> at line L, column C)} without Jackson's source excerpt. */
    static String describe(JsonProcessingException e) {
        return JsonParams.describe(e);
    }
}
