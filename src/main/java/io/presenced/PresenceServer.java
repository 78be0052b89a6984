package io.presenced;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.presenced.api.NodeInfo;
import io.presenced.api.NodeStats;
import io.presenced.api.PresenceMethods;
import io.presenced.api.PresenceValidation;
import io.presenced.api.ServerApi;
import io.presenced.api.UserStatusMethods;
import io.presenced.api.Validation;
import io.presenced.api.grpc.GrpcApiServer;
import io.presenced.api.http.HttpApiServer;
import io.presenced.api.http.HttpRoute;
import io.presenced.api.http.HttpRoutes;
import io.presenced.api.http.Transports;
import io.presenced.client.ClientContext;
import io.presenced.client.ClientHub;
import io.presenced.client.Disconnect;
import io.presenced.client.auth.JwtTokenVerifier;
import io.presenced.client.auth.TokenVerifier;
import io.presenced.client.ws.WebSocketEndpoint;
import io.presenced.config.PresenceConfig;
import io.presenced.presence.Namespaces;
import io.presenced.presence.NodeClients;
import io.presenced.presence.PresenceEvents;
import io.presenced.presence.PresenceCounts;
import io.presenced.metrics.PrometheusMetrics;
import io.presenced.presence.PresenceService;
import io.presenced.redis.EvictionPolicyCheck;
import io.presenced.redis.RedisConnections;
import io.presenced.redis.RedisHealth;
import io.presenced.state.StateMetrics;
import io.presenced.status.UserStatusService;
import io.presenced.tasks.BackgroundTasks;

/**
 * One presenced node: wires every part from a {@link PresenceConfig}, starts them, and closes them in reverse
 * order. Tests start it exactly as {@link Main} does, on port 0.
 */
public final class PresenceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PresenceServer.class);
    private static final Duration COUNTS_INTERVAL = Duration.ofSeconds(5);
    // How long shutdown waits for the presence of closed client connections to be removed.
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

    private final PresenceConfig config;
    private final Clock clock;
    private TokenVerifier tokens;
    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private final BackgroundTasks tasks = new BackgroundTasks();
    private InetSocketAddress httpAddress;
    private InetSocketAddress grpcAddress;
    private HttpApiServer http;
    private NodeInfo nodeInfo;
    private volatile UserStatusService userStatus;
    private PresenceService presence;
    private StateMetrics stateMetrics;
    private StateMetrics userMetrics;
    private NodeClients nodeClients;
    private Consumer<PresenceEvents> presenceEvents;
    private PrometheusMetrics metrics;
    private ClientHub clients;
    private ClientContext clientContext;
    private volatile long closeDeadlineNanos;

    private PresenceServer(PresenceConfig config, Clock clock, TokenVerifier tokens) {
        this.config = requireNonNull(config, "config");
        this.clock = requireNonNull(clock, "clock");
        this.tokens = tokens;
    }

    /**
     * Creates and starts a node. On failure everything already started is closed again.
     *
     * @throws InterruptedException when interrupted while binding
     */
    public static PresenceServer start(PresenceConfig config) throws InterruptedException {
        return start(config, Clock.systemUTC());
    }

    /** Creates and starts a node whose timestamps come from {@code clock}. */
    public static PresenceServer start(PresenceConfig config, Clock clock) throws InterruptedException {
        return start(config, clock, null);
    }

    /**
     * Creates and starts a node whose client tokens are checked by {@code tokens}; {@code null} checks them as
     * {@code client.token.*} configures (a node without keys refuses every token).
     */
    public static PresenceServer start(PresenceConfig config, Clock clock, TokenVerifier tokens)
            throws InterruptedException {
        PresenceServer server = new PresenceServer(config, clock, tokens);
        try {
            server.startAll();
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void startAll() throws InterruptedException {
        RedisConnections redis = new RedisConnections();
        closeOrder.push(redis);
        ScheduledExecutorService housekeeping =
                Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("presenced-housekeeping", true));
        closeOrder.push(housekeeping::shutdownNow);
        // Every configured Redis is opened now, so /ready reports on each; equal setups are opened once.
        config.redisSetups().forEach(redis::get);
        EvictionPolicyCheck evictionPolicies = new EvictionPolicyCheck(redis, tasks);
        evictionPolicies.start(housekeeping);

        Namespaces namespaces = new Namespaces(config.channel());
        ChannelWiring channels = new ChannelWiring(config, clock, tasks, closeOrder::push);
        // Online marks start with the first connection, after start-up: userStatus is set by then.
        presence = channels.start(redis, housekeeping, namespaces, this::markOnline, () -> userStatus);
        userStatus = UserStatusWiring.start(config.userStatus(), redis, clock, tasks, housekeeping, presence.users());
        stateMetrics = channels.stateMetrics();
        userMetrics = channels.userMetrics();
        nodeClients = channels.nodeClients();
        presenceEvents = channels::listen;
        AtomicReference<PresenceCounts> counts = new AtomicReference<>(PresenceCounts.ZERO);
        tasks.every(housekeeping, "presence-counts", Duration.ZERO, COUNTS_INTERVAL,
                () -> counts.set(BackgroundTasks.await(presence.counts(), COUNTS_INTERVAL)));

        if (tokens == null) {
            JwtTokenVerifier jwt = JwtTokenVerifier.create(config.clientToken(), clock);
            closeOrder.push(jwt::close);
            tokens = jwt;
        }
        clients = new ClientHub(presence, tasks, config.client().connectionLimit(),
                config.client().refreshBatchSize(), config.client().statusUpdateMinInterval(), namespaces,
                nodeClients);
        clients.start(housekeeping, config.presenceUpdateInterval());
        channels.listen(clients);
        channels.listenWatch(clients);
        // Other nodes may have removed these clients' presence: they reconnect, and join again.
        nodeClients.onLeaseLost(() -> clients.closeAll(Disconnect.INSUFFICIENT_STATE));
        PresenceValidation presenceValidation = new PresenceValidation(config.limits(), namespaces);
        ServerApi serverApi = serverApi(namespaces, presenceValidation, counts, evictionPolicies);
        clientContext = new ClientContext(config.client(), config.limits().channelLimit(), presenceValidation,
                presence, namespaces,
                config.userStatus().enabled() ? userStatus : null, serverApi, tokens, clients, clock,
                config.userStatus().watched() ? config.userStatus().watch() : null);
        startHttp(serverApi, new RedisHealth(redis, evictionPolicies));
        if (config.grpc().enabled()) {
            startGrpc(serverApi);
        }
        log.info("presenced started: node {}, engine {}, user status {}, presence {}, HTTP {} ({}), API {}, gRPC API {}",
                nodeInfo.name(), config.engine().describe(),
                config.userStatus().enabled() ? "on (" + config.userStatus().describeStore() + ")" : "off",
                config.describePresenceStore(), httpAddress, Transports.name(), apiAuthDescription(),
                grpcDescription());
    }

    private ServerApi serverApi(Namespaces namespaces, PresenceValidation presenceValidation,
                                AtomicReference<PresenceCounts> counts,
                                EvictionPolicyCheck evictionPolicies) {
        Validation validation = new Validation(config.limits());
        // Presence entries stand for clients: a backend reports clients, not connections to this node.
        nodeInfo = NodeInfo.create(config.node().name(), clock,
                () -> new NodeStats.Counts(counts.get().entries(), 0, counts.get().channels()));
        ServerApi.Builder api = ServerApi.builder(validation).add(nodeInfo.method())
                .add(new PresenceMethods(presence, namespaces, presenceValidation));
        if (config.userStatus().enabled()) {
            api.add(new UserStatusMethods(userStatus, validation));
        }
        if (config.metricsEnabled()) {
            metrics = new PrometheusMetrics();
            metrics.register(stateMetrics);
            if (userMetrics != null) {
                metrics.register(userMetrics, "presenced_user_events", "User");
            }
            metrics.register(tasks);
            metrics.registerRedis(evictionPolicies::unsafeSetups);
            metrics.registerPresence(() -> counts.get().entries(), () -> counts.get().channels());
            metrics.registerClients(clients::connectedCount);
            api.observer(metrics);
        }
        return api.build();
    }

    private void startHttp(ServerApi serverApi, RedisHealth health) throws InterruptedException {
        // One event loop per core: more loops than cores only add hand-offs (Netty's default is two per core).
        EventLoopGroup loops = Transports.newGroup(Runtime.getRuntime().availableProcessors(), "presenced-http");
        // Bounded: a loop stuck in a task must not keep the node from stopping.
        closeOrder.push(() -> loops.shutdownGracefully(0, 2, TimeUnit.SECONDS)
                .awaitUninterruptibly(3, TimeUnit.SECONDS));
        http = new HttpApiServer(config.http(), serverApi, routes(health),
                Map.of(config.client().handlerPrefix(), new WebSocketEndpoint(clientContext)), loops);
        httpAddress = http.start();
        if (metrics != null) {
            metrics.registerHttp(http::openConnections, http::rejectedConnections, http::timedOutConnections);
        }
        closeOrder.push(() -> http.close(shutdownTimeLeft()));
        // Before the listener closes its connections: clients hear 3001 and may reconnect elsewhere.
        closeOrder.push(() -> {
            clients.closeAll(Disconnect.SHUTDOWN);
            // Bounded: what is not removed in time is reaped by another node when this node's lease expires.
            Duration wait = shutdownTimeLeft().compareTo(DRAIN_WAIT) < 0 ? shutdownTimeLeft() : DRAIN_WAIT;
            if (!clients.awaitDrained(wait)) {
                log.warn("Shutdown: the presence of some client connections was not removed within {} ms; other"
                        + " nodes remove it when this node's lease expires, or it expires with the presence TTL",
                        wait.toMillis());
            }
        });
    }

    private void startGrpc(ServerApi serverApi) {
        GrpcApiServer grpc = new GrpcApiServer(config.grpc(), serverApi);
        grpcAddress = grpc.start();
        closeOrder.push(() -> grpc.close(shutdownTimeLeft()));
        if (!grpc.isAuthenticated()) {
            log.warn("gRPC API on {} has NO authentication: grpc_api.key is empty, so anyone who can reach the"
                    + " port can call it (as in Centrifugo). Set grpc_api.key to require"
                    + " 'authorization: apikey <key>'", grpcAddress);
        }
    }

    private String grpcDescription() {
        if (grpcAddress == null) {
            return "off";
        }
        return grpcAddress + (config.grpc().key().isEmpty() ? " (no auth)" : " (protected by API key)")
                + (config.grpc().isTransportErrorMode() ? ", transport error mode" : "");
    }

    private void markOnline(List<String> users) {
        if (config.userStatus().enabled()) {
            userStatus.markOnline(users).whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("Cannot update online time of {} users: {}", users.size(), e.getMessage());
                }
            });
        }
    }

    private Map<String, HttpRoute> routes(RedisHealth redis) {
        Map<String, HttpRoute> routes = new LinkedHashMap<>();
        routes.put("/health", HealthRoutes.health(redis));
        routes.put("/ready", HealthRoutes.ready(redis));
        if (metrics != null) {
            routes.put("/metrics", (req, authorized, alloc) -> CompletableFuture.completedFuture(
                    HttpRoutes.bytes(alloc, HttpResponseStatus.OK, metrics.scrape(), metrics.contentType())));
        }
        return routes;
    }

    private String apiAuthDescription() {
        if (config.http().insecure()) {
            return "INSECURE: no API key required";
        }
        return config.http().apiKey().isEmpty()
                ? "refuses every call: set http_api.key (or http_api.insecure for development)"
                : "protected by API key";
    }

    /** Returns the address the HTTP listener is bound to. */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** Returns the address the gRPC listener is bound to, or empty when {@code grpc_api.enabled} is false. */
    public Optional<InetSocketAddress> grpcAddress() {
        return Optional.ofNullable(grpcAddress);
    }

    /** Returns what the {@code info} method reports about this node. */
    public NodeInfo nodeInfo() {
        return nodeInfo;
    }

    /** Returns the user-status service, for connection tracking and tests. */
    public UserStatusService userStatus() {
        return userStatus;
    }

    /** Returns the channel-presence service, for connections presenced holds itself and for tests. */
    public PresenceService presence() {
        return presence;
    }

    /** Returns the node's client connections. */
    public ClientHub clients() {
        return clients;
    }

    /** Returns the node's background tasks, with the failures counted against each. */
    public BackgroundTasks tasks() {
        return tasks;
    }

    /**
     * Sends every join and leave of the presence model, this node's and (on Redis) the other nodes', to
     * {@code listener}; see {@link PresenceEvents}.
     */
    public void listen(PresenceEvents listener) {
        presenceEvents.accept(listener);
    }

    /** Returns the node lease of the clients this node holds itself. */
    public NodeClients nodeClients() {
        return nodeClients;
    }

    /** Returns the channel-state counters. */
    public StateMetrics stateMetrics() {
        return stateMetrics;
    }

    /** Returns the configuration the node runs with. */
    public PresenceConfig config() {
        return config;
    }

    // The gRPC and HTTP drains share one shutdown.timeout, rather than one each: the process must be gone within it.
    private Duration shutdownTimeLeft() {
        return Duration.ofNanos(Math.max(0, closeDeadlineNanos - System.nanoTime()));
    }

    /** Stops accepting, finishes in-flight requests within the shutdown timeout, then closes everything. */
    @Override
    public void close() {
        closeDeadlineNanos = System.nanoTime() + config.shutdownTimeout().toNanos();
        while (!closeOrder.isEmpty()) {
            AutoCloseable c = closeOrder.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Error during shutdown: {}", e.toString());
            }
        }
    }
}
