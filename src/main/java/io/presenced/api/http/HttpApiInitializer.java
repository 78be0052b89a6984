package io.presenced.api.http;

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

    private final HttpPaths paths;
    private final InFlight inFlight;
    private final ChannelGroup group;
    private final HttpConnections connections;
    private final HttpConfig config;

    HttpApiInitializer(HttpPaths paths, InFlight inFlight, ChannelGroup group, HttpConnections connections,
                       HttpConfig config) {
        this.paths = paths;
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
                .addLast("reader", new HttpRequestReader(paths.api(), config.maxBodySize(), limits, timeouts))
                .addLast("api", new HttpApiHandler(paths, inFlight, limits, timeouts));
    }
}
