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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
import io.presenced.config.PresenceConfig;
import io.presenced.config.RedisConfig;
import io.presenced.presence.Namespaces;
import io.presenced.presence.PresenceCounts;
import io.presenced.presence.PresenceService;
import io.presenced.metrics.PrometheusMetrics;
import io.presenced.redis.EvictionPolicyCheck;
import io.presenced.redis.RedisConnections;
import io.presenced.state.StateMetrics;
import io.presenced.redis.RedisHealth;
import io.presenced.status.InMemoryStatusStore;
import io.presenced.status.RedisStatusStore;
import io.presenced.status.StatusStore;
import io.presenced.status.UserStatusService;
import io.presenced.tasks.BackgroundTasks;

/**
 * One presenced node: wires every part from a {@link PresenceConfig}, starts them, and closes them in reverse
 * order. Tests start it exactly as {@link Main} does, on port 0.
 */
public final class PresenceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PresenceServer.class);
    private static final Duration COUNTS_INTERVAL = Duration.ofSeconds(5);

    private final PresenceConfig config;
    private final Clock clock;
    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private final BackgroundTasks tasks = new BackgroundTasks();
    private InetSocketAddress httpAddress;
    private InetSocketAddress grpcAddress;
    private HttpApiServer http;
    private NodeInfo nodeInfo;
    private UserStatusService userStatus;
    private PresenceService presence;
    private StateMetrics stateMetrics;
    private PrometheusMetrics metrics;
    private volatile long closeDeadlineNanos;

    private PresenceServer(PresenceConfig config, Clock clock) {
        this.config = requireNonNull(config, "config");
        this.clock = requireNonNull(clock, "clock");
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
        PresenceServer server = new PresenceServer(config, clock);
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

        // Every configured Redis is opened now, used by a feature yet or not, so /ready reports on each of them
        // and the features that use them later find their connections open. Equal setups are opened once.
        config.engine().redis().ifPresent(redis::get);
        config.userStatus().redis().ifPresent(redis::get);
        config.presenceManager().redis().ifPresent(redis::get);
        EvictionPolicyCheck evictionPolicies = new EvictionPolicyCheck(redis, tasks);
        evictionPolicies.start(housekeeping);
        StatusStore statusStore = statusStore(redis, housekeeping);
        userStatus = new UserStatusService(statusStore, clock, config.userStatus().expireInterval());

        Namespaces namespaces = new Namespaces(config.channel());
        ChannelWiring channels = new ChannelWiring(config, clock, tasks, closeOrder::push);
        presence = channels.start(redis, housekeeping, namespaces, this::markOnline);
        stateMetrics = channels.stateMetrics();

        AtomicReference<PresenceCounts> counts = new AtomicReference<>(PresenceCounts.ZERO);
        tasks.every(housekeeping, "presence-counts", Duration.ZERO, COUNTS_INTERVAL, () -> sampleCounts(counts));
        Validation validation = new Validation(config.limits());
        // Presence entries stand for clients: a backend reports clients, not connections to this node.
        nodeInfo = NodeInfo.create(config.node().name(), clock,
                () -> new NodeStats.Counts(counts.get().entries(), 0, counts.get().channels()));
        ServerApi.Builder api = ServerApi.builder(validation).add(nodeInfo.method());
        if (config.metricsEnabled()) {
            metrics = new PrometheusMetrics();
            metrics.register(stateMetrics);
            metrics.register(tasks);
            metrics.registerRedis(evictionPolicies::unsafeSetups);
            metrics.registerPresence(() -> counts.get().entries(), () -> counts.get().channels());
            api.observer(metrics);
        }
        PresenceMethods presenceMethods = new PresenceMethods(presence, namespaces,
                new PresenceValidation(config.limits(), namespaces));
        api.add(presenceMethods.presence()).add(presenceMethods.presenceStats()).add(presenceMethods.channels())
                .add(presenceMethods.join()).add(presenceMethods.leave()).add(presenceMethods.refresh())
                .add(presenceMethods.disconnect());
        if (config.userStatus().enabled()) {
            UserStatusMethods methods = new UserStatusMethods(userStatus, validation);
            api.add(methods.update()).add(methods.get()).add(methods.delete())
                    .rpcAlias("updateActiveStatus", "update_user_status")
                    .rpcAlias("getUserStatus", "get_user_status")
                    .rpcAlias("deleteUserStatus", "delete_user_status");
        }

        // One event loop per core: more loops than cores only add hand-offs (Netty's default is two per core).
        EventLoopGroup loops = Transports.newGroup(Runtime.getRuntime().availableProcessors(), "presenced-http");
        // Bounded: a loop stuck in a task must not keep the node from stopping.
        closeOrder.push(() -> loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS));
        ServerApi serverApi = api.build();
        http = new HttpApiServer(config.http(), serverApi, routes(new RedisHealth(redis, evictionPolicies)), loops);
        httpAddress = http.start();
        if (metrics != null) {
            metrics.registerHttp(http::openConnections, http::rejectedConnections, http::timedOutConnections);
        }
        closeOrder.push(() -> http.close(shutdownTimeLeft()));
        if (config.grpc().enabled()) {
            GrpcApiServer grpc = new GrpcApiServer(config.grpc(), serverApi);
            grpcAddress = grpc.start();
            closeOrder.push(() -> grpc.close(shutdownTimeLeft()));
            if (!grpc.isAuthenticated()) {
                log.warn("gRPC API on {} has NO authentication: grpc_api.key is empty, so anyone who can reach the"
                        + " port can call it (as in Centrifugo). Set grpc_api.key to require"
                        + " 'authorization: apikey <key>'", grpcAddress);
            }
        }

        log.info("presenced started: node {}, engine {}, user status {}, presence {}, HTTP {} ({}), API {}, gRPC API {}",
                nodeInfo.name(), engineDescription(),
                config.userStatus().enabled() ? "on (" + statusDescription() + ")" : "off", presenceDescription(),
                httpAddress, Transports.name(), apiAuthDescription(), grpcDescription());
    }

    private static void sweepStatus(RedisStatusStore store, AtomicInteger cursor, int count) {
        int from = Math.floorMod(cursor.getAndAdd(count), store.buckets());
        BackgroundTasks.await(store.sweep(from, count), Duration.ofSeconds(10));
    }

    private void sampleCounts(AtomicReference<PresenceCounts> counts) {
        counts.set(BackgroundTasks.await(presence.counts(), COUNTS_INTERVAL));
    }

    private String grpcDescription() {
        if (grpcAddress == null) {
            return "off";
        }
        return grpcAddress + (config.grpc().key().isEmpty() ? " (no auth)" : " (protected by API key)")
                + (config.grpc().isTransportErrorMode() ? ", transport error mode" : "");
    }

    private StatusStore statusStore(RedisConnections redis, ScheduledExecutorService housekeeping) {
        RedisConfig redisConfig = config.userStatus().redis().or(() -> config.engine().redis()).orElse(null);
        if (redisConfig != null) {
            RedisStatusStore store = new RedisStatusStore(redis.get(redisConfig), config.userStatus().buckets(), clock);
            // Every bucket is visited about every ten minutes; expired records are invisible before that.
            int perSecond = Math.max(1, store.buckets() / 600);
            AtomicInteger cursor = new AtomicInteger();
            tasks.every(housekeeping, "user-status-sweep", Duration.ofSeconds(1), Duration.ofSeconds(1),
                    () -> sweepStatus(store, cursor, perSecond));
            return store;
        }
        InMemoryStatusStore store = new InMemoryStatusStore(clock);
        tasks.every(housekeeping, "user-status-sweep", Duration.ofSeconds(30), Duration.ofSeconds(30), store::sweep);
        return store;
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

    private String presenceDescription() {
        return config.presenceManager().redis().map(r -> "presence manager redis " + r.describe())
                .orElse("in the engine");
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

    private String engineDescription() {
        return config.engine().redis().map(r -> "redis " + r.describe()).orElse("memory (single node)");
    }

    private String statusDescription() {
        return config.userStatus().redis().map(r -> "redis " + r.describe())
                .orElse(config.engine().isRedis() ? "engine redis" : "memory");
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

    /** Returns the node's background tasks, with the failures counted against each. */
    public BackgroundTasks tasks() {
        return tasks;
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
