package io.presenced.api.grpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.presenced.PresenceException;
import io.presenced.api.ServerApi;
import io.presenced.config.GrpcConfig;

/**
 * The gRPC listener: Centrifugo's {@code CentrifugoApi} and presenced's {@code PresenceApi} over one
 * {@link ServerApi}, behind the API key check when a key is configured. A connection that does not finish its
 * handshake in time, or that has no call in progress for {@code max_connection_idle}, is closed; clients pinging
 * more often than the policy permits are sent away; a connection runs at most
 * {@code max_concurrent_calls_per_connection} calls at once.
 *
 * <p>Start with {@link #start()}; {@link #close(Duration)} stops accepting, lets in-flight calls finish within the
 * timeout, then cancels the rest.
 */
public final class GrpcApiServer {

    private static final Logger log = LoggerFactory.getLogger(GrpcApiServer.class);
    // grpc-java logs every request it cannot deframe (over max_receive_message_size, say) as a WARNING with a stack
    // trace, though the caller already gets RESOURCE_EXHAUSTED or INTERNAL: clients could flood the log. Held in a
    // field because java.util.logging forgets the level of a logger nobody references.
    private static final java.util.logging.Logger DEFRAME_LOG = java.util.logging.Logger.getLogger(
            "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");
    // After a forced shutdown, calls are already cancelled; this only bounds the wait for the transport to close.
    private static final long FORCED_SHUTDOWN_WAIT_SECONDS = 5;

    private final GrpcConfig config;
    private final ServerApi api;
    private Server server;

    /** Creates the server; nothing is bound until {@link #start()}. */
    public GrpcApiServer(GrpcConfig config, ServerApi api) {
        this.config = config;
        this.api = api;
    }

    /**
     * Binds the port and returns the address actually bound (the port is real when 0 was configured).
     *
     * @throws PresenceException when the port cannot be bound
     */
    public InetSocketAddress start() {
        DEFRAME_LOG.setLevel(java.util.logging.Level.SEVERE);
        ApiCalls calls = new ApiCalls(api);
        List<ServerInterceptor> interceptors = new ArrayList<>();
        interceptors.add(new ErrorModeInterceptor(config.isTransportErrorMode()));
        if (!config.key().isEmpty()) {
            // The last interceptor runs first: an unauthenticated call is refused before anything else happens.
            interceptors.add(new ApiKeyInterceptor(config.key()));
        }
        InetSocketAddress bindTo = config.address().isEmpty()
                ? new InetSocketAddress(config.port())
                : new InetSocketAddress(config.address(), config.port());
        // Every handler only maps messages and starts asynchronous work, so it can run on the transport threads;
        // an extra executor would add a hand-off per call and a queue in which deadlines expire.
        GrpcConfig.Connections limits = config.connections();
        Server s = NettyServerBuilder.forAddress(bindTo)
                .directExecutor()
                .maxInboundMessageSize(config.maxReceiveMessageSize())
                .handshakeTimeout(limits.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .maxConnectionIdle(limits.maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveTime(limits.keepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveTimeout(limits.keepaliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .permitKeepAliveTime(limits.permitKeepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
                .permitKeepAliveWithoutCalls(limits.permitKeepaliveWithoutCalls())
                .maxConcurrentCallsPerConnection(limits.maxConcurrentCalls())
                .addService(WellFormedRequests.wrap(ApiServices.centrifugo(calls), interceptors))
                .addService(WellFormedRequests.wrap(ApiServices.presence(calls), interceptors))
                .build();
        try {
            server = s.start();
        } catch (IOException e) {
            throw new PresenceException("grpc_api: cannot listen on " + bindTo + " (" + e.getMessage() + ")", e);
        }
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    /** Returns whether callers must present the API key. */
    public boolean isAuthenticated() {
        return !config.key().isEmpty();
    }

    /** Stops accepting, lets in-flight calls finish within {@code timeout}, then cancels those still running. */
    public void close(Duration timeout) {
        if (server == null) {
            return;
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Shutdown timeout {} passed with gRPC calls still in flight; cancelling them", timeout);
                server.shutdownNow();
                server.awaitTermination(FORCED_SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
