package io.presenced.api.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.presenced.api.ServerApi;
import io.presenced.config.HttpConfig;

/**
 * The HTTP listener: the server API under its prefix, plus extra routes such as {@code /health}.
 *
 * <p>Start with {@link #start()}; {@link #close(Duration)} stops accepting, waits for in-flight requests up to the
 * timeout, then closes every connection.
 */
public final class HttpApiServer {

    private static final Logger log = LoggerFactory.getLogger(HttpApiServer.class);

    private final HttpConfig config;
    private final ServerApi api;
    private final Map<String, HttpRoute> routes;
    private final Map<String, HttpUpgrade> upgrades;
    private final EventLoopGroup group;
    private final InFlight inFlight = new InFlight();
    private final ChannelGroup connections = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private final HttpConnections counts;
    private Channel serverChannel;

    /**
     * Creates the server; nothing is bound until {@link #start()}.
     *
     * @param group  the event loops that accept and serve connections; owned by the caller
     * @param routes extra exact-path routes outside the API prefix
     */
    public HttpApiServer(HttpConfig config, ServerApi api, Map<String, HttpRoute> routes, EventLoopGroup group) {
        this(config, api, routes, Map.of(), group);
    }

    /**
     * Creates the server with paths whose requests take their connection over (see {@link HttpUpgrade}).
     *
     * @param upgrades upgrade paths, matched exactly
     */
    public HttpApiServer(HttpConfig config, ServerApi api, Map<String, HttpRoute> routes,
                         Map<String, HttpUpgrade> upgrades, EventLoopGroup group) {
        this.config = config;
        this.api = api;
        this.routes = Map.copyOf(routes);
        this.upgrades = Map.copyOf(upgrades);
        this.group = group;
        this.counts = new HttpConnections(config.connections().maxConnections());
    }

    /** Binds the port and returns the address actually bound (the port is real when 0 was configured). */
    public InetSocketAddress start() throws InterruptedException {
        HttpPaths paths = new HttpPaths(new ApiHttpService(api, config), routes, upgrades);
        HttpApiInitializer initializer = new HttpApiInitializer(paths, inFlight, connections, counts, config);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannel(group))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
        InetSocketAddress bindTo = config.address().isEmpty()
                ? new InetSocketAddress(config.port())
                : new InetSocketAddress(config.address(), config.port());
        serverChannel = b.bind(bindTo).sync().channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Returns the number of connections open now. */
    public int openConnections() {
        return counts.open();
    }

    /** Returns the number of connections closed on accept because {@code http_server.max_connections} were open. */
    public long rejectedConnections() {
        return counts.rejected();
    }

    /** Returns the number of connections closed because a client was slower than a timeout allows. */
    public long timedOutConnections() {
        return counts.timedOutCount();
    }

    /** Stops accepting, lets in-flight requests finish within {@code timeout}, then closes every connection. */
    public void close(Duration timeout) {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        try {
            if (!inFlight.awaitIdle(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Shutdown timeout {} passed with {} HTTP requests still in flight", timeout,
                        inFlight.count());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.close().awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
