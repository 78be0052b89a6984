package io.presenced.api.http;

import java.util.Map;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The pipeline of one HTTP connection: codec, keep-alive, body aggregation up to the size limit (larger bodies
 * are answered 413 by the aggregator), then the API handler. Each
 * connection joins the server's group so that shutdown can close it.
 */
final class HttpApiInitializer extends ChannelInitializer<SocketChannel> {

    private final ApiHttpService api;
    private final Map<String, HttpRoute> routes;
    private final InFlight inFlight;
    private final ChannelGroup connections;
    private final int maxBodySize;

    HttpApiInitializer(ApiHttpService api, Map<String, HttpRoute> routes, InFlight inFlight, ChannelGroup connections,
                        int maxBodySize) {
        this.api = api;
        this.routes = routes;
        this.inFlight = inFlight;
        this.connections = connections;
        this.maxBodySize = maxBodySize;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ch.pipeline()
                // Responses complete on other threads one by one; flushing once per loop turn saves a system
                // call per response under load.
                .addLast("flush", new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast("codec", new HttpServerCodec())
                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                .addLast("aggregator", new HttpObjectAggregator(maxBodySize))
                .addLast("api", new HttpApiHandler(api, routes, inFlight));
    }
}
