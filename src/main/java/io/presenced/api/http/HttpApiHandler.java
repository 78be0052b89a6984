package io.presenced.api.http;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.presenced.api.ApiException;

/**
 * One connection's request handling. Requests run concurrently but responses leave in request order, as HTTP/1.1
 * pipelining requires; reading pauses while too many responses are outstanding.
 *
 * <p>Stateful, one instance per channel; every field is touched only on the channel's event loop.
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpApiHandler.class);
    private static final int MAX_PIPELINED = 16;

    private final ApiHttpService api;
    private final Map<String, HttpRoute> routes;
    private final InFlight inFlight;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    HttpApiHandler(ApiHttpService api, Map<String, HttpRoute> routes, InFlight inFlight) {
        this.api = api;
        this.routes = routes;
        this.inFlight = inFlight;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        Pending p = new Pending(HttpUtil.isKeepAlive(req));
        pending.add(p);
        inFlight.begin();
        if (pending.size() >= MAX_PIPELINED) {
            ctx.channel().config().setAutoRead(false);
        }
        CompletionStage<FullHttpResponse> stage;
        try {
            stage = route(ctx, req);
        } catch (ApiException e) {
            stage = CompletableFuture.completedFuture(HttpResponses.json(ctx.alloc(),
                    HttpResponseStatus.BAD_REQUEST, HttpResponses.errorEnvelope(e)));
        } catch (RuntimeException e) {
            log.error("[{}] failed to handle {} {}", ctx.channel().remoteAddress(), req.method(), req.uri(), e);
            stage = CompletableFuture.completedFuture(HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
        }
        stage.whenComplete((response, error) -> {
            FullHttpResponse r = error == null ? response : failure(ctx, error);
            if (ctx.executor().inEventLoop()) {
                complete(ctx, p, r);
            } else {
                ctx.executor().execute(() -> complete(ctx, p, r));
            }
        });
    }

    private CompletionStage<FullHttpResponse> route(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            return CompletableFuture.completedFuture(HttpResponses.empty(HttpResponseStatus.BAD_REQUEST));
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (api.isApiPath(path)) {
            return api.handle(req, path, ctx.alloc(), ctx.executor());
        }
        HttpRoute route = routes.get(path);
        if (route != null) {
            return route.handle(req, ctx.alloc());
        }
        return CompletableFuture.completedFuture(HttpResponses.text(HttpResponseStatus.NOT_FOUND, "not found"));
    }

    private static FullHttpResponse failure(ChannelHandlerContext ctx, Throwable error) {
        log.error("[{}] request failed", ctx.channel().remoteAddress(), error);
        return HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR);
    }

    private void complete(ChannelHandlerContext ctx, Pending p, FullHttpResponse response) {
        p.response = response;
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().response != null) {
            Pending head = pending.poll();
            inFlight.end();
            if (!ctx.channel().isActive()) {
                head.response.release();
                continue;
            }
            if (!head.keepAlive) {
                head.response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ctx.write(head.response);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (pending.size() < MAX_PIPELINED && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        if (m.contains("Connection reset") || m.contains("Broken pipe")) {
            log.debug("[{}] {}", ctx.channel().remoteAddress(), m);
        } else {
            log.warn("[{}] closing connection: {}", ctx.channel().remoteAddress(), m);
        }
        ctx.close();
    }

    private static final class Pending {
        final boolean keepAlive;
        FullHttpResponse response;

        Pending(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }
    }
}
