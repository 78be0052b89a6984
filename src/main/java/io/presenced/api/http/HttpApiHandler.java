package io.presenced.api.http;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.presenced.api.ApiException;
import io.presenced.config.HttpConfig;
import io.presenced.logging.RateLimitedLog;

/**
 * One connection's request handling. Requests run concurrently but responses leave in request order, as HTTP/1.1
 * pipelining requires; reading pauses while too many responses are outstanding. After a response that ends the
 * connection, nothing more is written and the connection ends with a {@link LingeringCloseHandler lingering close}.
 *
 * <p>Stateful, one instance per channel; every field is touched only on the channel's event loop.
 */
final class HttpApiHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpApiHandler.class);
    private static final int MAX_PIPELINED = 16;
    private static final RateLimitedLog WARNINGS = new RateLimitedLog(log, Duration.ofSeconds(1));

    private final HttpPaths paths;
    private final InFlight inFlight;
    private final HttpConfig.Connections limits;
    private final HttpTimeoutHandler timeouts;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean closing;

    HttpApiHandler(HttpPaths paths, InFlight inFlight, HttpConfig.Connections limits, HttpTimeoutHandler timeouts) {
        this.paths = paths;
        this.inFlight = inFlight;
        this.limits = limits;
        this.timeouts = timeouts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ApiRequest r) {
            serve(ctx, r);
        } else if (msg instanceof EarlyResponse e) {
            Pending p = enqueue(ctx, e.version(), e.keepAlive());
            complete(ctx, p, e.response());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void serve(ChannelHandlerContext ctx, ApiRequest r) {
        HttpUpgrade upgrade = paths.upgrade(r.path());
        // An upgrade behind pipelined requests would overtake their answers: it is served only on its own.
        if (upgrade != null && pending.isEmpty() && !closing) {
            timeouts.stop();
            ctx.pipeline().remove(timeouts);
            ctx.pipeline().remove(HttpRequestReader.class);
            ctx.pipeline().remove(this);
            upgrade.upgrade(ctx.channel(), r.request());
            return;
        }
        Pending p = enqueue(ctx, r.request().protocolVersion(), r.keepAlive());
        CompletionStage<FullHttpResponse> stage;
        try {
            stage = paths.answer(ctx, r);
        } catch (ApiException e) {
            stage = CompletableFuture.completedFuture(HttpErrors.invalidRequest(ctx.alloc(), e));
        } catch (RuntimeException e) {
            // A defect, not the client's doing. The path is logged, never the URI: its query may hold the key.
            log.error("[{}] failed to handle {} {}", ctx.channel().remoteAddress(), r.request().method(), r.path(), e);
            stage = CompletableFuture.completedFuture(HttpErrors.defect());
        } finally {
            r.request().release();
        }
        stage.whenComplete((response, error) -> {
            FullHttpResponse out = error == null ? response : failure(ctx, r.path(), error);
            if (ctx.executor().inEventLoop()) {
                complete(ctx, p, out);
            } else {
                ctx.executor().execute(() -> complete(ctx, p, out));
            }
        });
    }

    private Pending enqueue(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive) {
        Pending p = new Pending(version, keepAlive);
        pending.add(p);
        inFlight.begin();
        if (pending.size() >= MAX_PIPELINED) {
            ctx.channel().config().setAutoRead(false);
        }
        return p;
    }

    private static FullHttpResponse failure(ChannelHandlerContext ctx, String path, Throwable error) {
        log.error("[{}] request to {} failed", ctx.channel().remoteAddress(), path, error);
        return HttpErrors.defect();
    }

    private void complete(ChannelHandlerContext ctx, Pending p, FullHttpResponse response) {
        p.response = response;
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().response != null) {
            Pending head = pending.poll();
            inFlight.end();
            if (closing || !ctx.channel().isActive()) {
                head.response.release();
                continue;
            }
            HttpUtil.setKeepAlive(head.response.headers(), head.version, head.keepAlive);
            if (head.keepAlive) {
                ctx.write(head.response);
            } else {
                closing = true;
                head.response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.write(head.response).addListener(f -> LingeringCloseHandler.afterLastResponse(ctx.channel(),
                        limits));
            }
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (closing) {
            return;
        }
        if (pending.isEmpty()) {
            timeouts.allAnswered();
        }
        if (pending.size() < MAX_PIPELINED && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // I/O errors are the peer's doing (a reset, a broken pipe): DEBUG. Anything else is a defect, worth a
        // warning, but at most one a second, since a client may be able to repeat it. Never a stack trace here.
        if (cause instanceof IOException) {
            log.debug("[{}] closing connection: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            WARNINGS.warn(String.valueOf(ctx.channel().remoteAddress()), "closing connection: " + cause);
        }
        ctx.close();
    }

    private static final class Pending {
        final HttpVersion version;
        final boolean keepAlive;
        FullHttpResponse response;

        Pending(HttpVersion version, boolean keepAlive) {
            this.version = version;
            this.keepAlive = keepAlive;
        }
    }
}
