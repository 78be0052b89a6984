package io.presenced.api.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.presenced.config.HttpConfig;

/**
 * Decides on each request from its head, before any of its body is kept, then gathers the body of the requests it
 * admits into one {@link ApiRequest}.
 *
 * <p>From the head alone it answers: 400 for a head the codec could not parse or a malformed {@code %} escape,
 * 405 and 401 on API paths (so an unauthenticated caller gets 401 at once, and no {@code 100 Continue}), 413 when
 * {@code Content-Length} is over the limit, 417 for an expectation other than {@code 100-continue}. A chunked body
 * that grows over the limit is answered 413 as soon as it does. A request answered while its body is still coming
 * ends the connection with a {@link LingeringCloseHandler lingering close}. Paths outside the API get an empty body:
 * theirs is read and dropped. The reader names the {@link HttpErrors.Refusal}; {@link HttpErrors} builds the answer.
 *
 * <p>One per connection, event loop only. Nothing a client sends is logged above DEBUG, and never the URI or a
 * header value, which may carry the key.
 */
final class HttpRequestReader extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpRequestReader.class);
    private static final int MAX_BODY_COMPONENTS = 1024;

    private enum Mode { HEAD, BODY, SKIP_TO_END, DISCARD }

    private final ApiHttpService api;
    private final int maxBodySize;
    private final HttpConfig.Connections limits;
    private final HttpTimeoutHandler timeouts;

    private Mode mode = Mode.HEAD;
    private HttpRequest head;
    private String path;
    private boolean authorized;
    private boolean keepAlive;
    private CompositeByteBuf body;
    private long received;

    HttpRequestReader(ApiHttpService api, int maxBodySize, HttpConfig.Connections limits,
                      HttpTimeoutHandler timeouts) {
        this.api = api;
        this.maxBodySize = maxBodySize;
        this.limits = limits;
        this.timeouts = timeouts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (mode == Mode.DISCARD) {
                return;
            }
            if (msg instanceof HttpRequest h && !onHead(ctx, h)) {
                return;
            }
            if (msg instanceof HttpContent c) {
                onContent(ctx, c);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reset();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reset();
    }

    /** Returns whether the message's content, if any, belongs to an admitted request. */
    private boolean onHead(ChannelHandlerContext ctx, HttpRequest h) {
        if (mode != Mode.HEAD) {
            return false;
        }
        if (!h.decoderResult().isSuccess()) {
            Throwable cause = h.decoderResult().cause();
            log.debug("[{}] unparsable request head: {}", ctx.channel().remoteAddress(),
                    cause == null ? "?" : cause.getClass().getSimpleName());
            answerEarly(ctx, HttpErrors.refuse(HttpErrors.unparsableHead(cause), ctx.alloc()), HttpVersion.HTTP_1_1,
                    false);
            return false;
        }
        QueryStringDecoder uri = new QueryStringDecoder(h.uri());
        long contentLength;
        try {
            path = uri.path();
            authorized = api.isAuthorized(h.headers(), uri);
            contentLength = HttpUtil.getContentLength(h, 0L);
        } catch (IllegalArgumentException e) {
            // QueryStringDecoder's messages quote the URI, which may hold the key: neither is logged.
            log.debug("[{}] malformed request URI or Content-Length", ctx.channel().remoteAddress());
            answerEarly(ctx, HttpErrors.refuse(HttpErrors.Refusal.MALFORMED_URI, ctx.alloc()), h.protocolVersion(),
                    false);
            return false;
        }
        keepAlive = HttpUtil.isKeepAlive(h);
        boolean hasBody = contentLength > 0 || HttpUtil.isTransferEncodingChunked(h);
        boolean isApi = api.isApiPath(path);
        HttpErrors.Refusal refusal = isApi ? refusal(h, contentLength) : null;
        if (refusal != null) {
            boolean stays = keepAlive && !hasBody;
            if (stays) {
                // Before the answer, which may be written at once and start the keep-alive timer.
                mode = Mode.SKIP_TO_END;
                timeouts.headReceived(false);
            }
            answerEarly(ctx, HttpErrors.refuse(refusal, ctx.alloc()), h.protocolVersion(), stays);
            return stays;
        }
        head = h;
        received = 0;
        body = isApi ? ctx.alloc().compositeBuffer(MAX_BODY_COMPONENTS) : null;
        mode = Mode.BODY;
        timeouts.headReceived(hasBody);
        if (isApi && HttpUtil.is100ContinueExpected(h)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        return true;
    }

    private HttpErrors.Refusal refusal(HttpRequest h, long contentLength) {
        HttpErrors.Refusal refusal = api.refusal(h.method(), authorized);
        if (refusal != null) {
            return refusal;
        }
        if (contentLength > maxBodySize) {
            return HttpErrors.Refusal.BODY_TOO_LARGE;
        }
        String expect = h.headers().get(HttpHeaderNames.EXPECT);
        // An HTTP/1.0 request's Expect is ignored (RFC 9110, 10.1.1).
        if (expect != null && h.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
                && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            return HttpErrors.Refusal.EXPECTATION_FAILED;
        }
        return null;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (mode == Mode.SKIP_TO_END) {
            if (last) {
                mode = Mode.HEAD;
            }
            return;
        }
        if (mode != Mode.BODY) {
            return;
        }
        if (!c.decoderResult().isSuccess()) {
            log.debug("[{}] unparsable request body", ctx.channel().remoteAddress());
            answerEarly(ctx, HttpErrors.refuse(HttpErrors.Refusal.UNPARSABLE_BODY, ctx.alloc()), head.protocolVersion(),
                    false);
            return;
        }
        received += c.content().readableBytes();
        if (body != null) {
            if (received > maxBodySize) {
                answerEarly(ctx, HttpErrors.refuse(HttpErrors.Refusal.BODY_TOO_LARGE, ctx.alloc()),
                        head.protocolVersion(), false);
                return;
            }
            if (c.content().isReadable()) {
                body.addComponent(true, c.content().retain());
            }
        }
        if (last) {
            complete(ctx, (LastHttpContent) c);
        }
    }

    private void complete(ChannelHandlerContext ctx, LastHttpContent last) {
        FullHttpRequest full = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                body != null ? body : Unpooled.EMPTY_BUFFER, head.headers(), last.trailingHeaders());
        body = null;
        head = null;
        // A client that asked to close sends nothing more that needs reading.
        mode = keepAlive ? Mode.HEAD : Mode.DISCARD;
        timeouts.bodyReceived();
        ctx.fireChannelRead(new ApiRequest(full, path, authorized, keepAlive));
    }

    /**
     * Hands {@code response} on to be written in order. Unless the connection stays open, stops reading requests
     * and starts dropping input at once.
     */
    private void answerEarly(ChannelHandlerContext ctx, FullHttpResponse response, HttpVersion version,
                             boolean stays) {
        if (!stays) {
            reset();
            mode = Mode.DISCARD;
            LingeringCloseHandler.begin(ctx.channel(), limits);
        }
        ctx.fireChannelRead(new EarlyResponse(response, version, stays));
    }

    private void reset() {
        if (body != null) {
            body.release();
            body = null;
        }
        head = null;
    }
}
