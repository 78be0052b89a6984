package io.presenced.api.http;

import java.util.Map;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.presenced.config.HttpConfig;

/**
 * The pipeline of one HTTP connection: flush consolidation, timeouts (on raw bytes), codec, the request reader
 * (decides on each head before reading its body, then gathers the body up to the size limit), then the API
 * handler. A connection over the cap is closed at once. Each admitted connection joins the server's group so that
 * shutdown can close it.
 */
final class HttpApiInitializer extends ChannelInitializer<SocketChannel> {

    private final ApiHttpService api;
    private final Map<String, HttpRoute> routes;
    private final InFlight inFlight;
    private final ChannelGroup group;
    private final HttpConnections connections;
    private final HttpConfig config;
    private final Map<String, HttpUpgrade> upgrades;

    HttpApiInitializer(ApiHttpService api, Map<String, HttpRoute> routes, Map<String, HttpUpgrade> upgrades,
                       InFlight inFlight, ChannelGroup group, HttpConnections connections, HttpConfig config) {
        this.api = api;
        this.routes = routes;
        this.upgrades = upgrades;
        this.inFlight = inFlight;
        this.group = group;
        this.connections = connections;
        this.config = config;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!connections.admit(ch)) {
            ch.close();
            return;
        }
        group.add(ch);
        HttpConfig.Connections limits = config.connections();
        HttpTimeoutHandler timeouts = new HttpTimeoutHandler(limits, connections);
        ch.pipeline()
                // Responses complete on other threads one by one; flushing once per loop turn saves a system
                // call per response under load.
                .addLast("flush", new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast("timeouts", timeouts)
                .addLast("codec", new HttpServerCodec())
                .addLast("reader", new HttpRequestReader(api, config.maxBodySize(), limits, timeouts))
                .addLast("api", new HttpApiHandler(api, routes, upgrades, inFlight, limits, timeouts));
    }
}
