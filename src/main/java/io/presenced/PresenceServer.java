package io.presenced;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.presenced.api.ServerApi;
import io.presenced.api.UserStatusMethods;
import io.presenced.api.Validation;
import io.presenced.api.http.HttpApiServer;
import io.presenced.api.http.HttpRoute;
import io.presenced.api.http.Transports;
import io.presenced.config.PresenceConfig;
import io.presenced.config.RedisConfig;
import io.presenced.redis.RedisConnections;
import io.presenced.redis.RedisHealth;
import io.presenced.status.InMemoryStatusStore;
import io.presenced.status.RedisStatusStore;
import io.presenced.status.StatusStore;
import io.presenced.status.UserStatusService;

/**
 * One presenced node: wires every part from a {@link PresenceConfig}, starts them, and closes them in reverse
 * order. Tests start it exactly as {@link Main} does, on port 0.
 */
public final class PresenceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PresenceServer.class);

    private final PresenceConfig config;
    private final Clock clock;
    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private InetSocketAddress httpAddress;
    private HttpApiServer http;
    private UserStatusService userStatus;

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
        StatusStore statusStore = statusStore(redis, housekeeping);
        userStatus = new UserStatusService(statusStore, clock, config.userStatus().expireInterval());

        Validation validation = new Validation(config.limits());
        ServerApi.Builder api = ServerApi.builder(validation);
        if (config.userStatus().enabled()) {
            UserStatusMethods methods = new UserStatusMethods(userStatus, validation);
            api.add(methods.update()).add(methods.get()).add(methods.delete())
                    .rpcAlias("updateActiveStatus", "update_user_status")
                    .rpcAlias("getUserStatus", "get_user_status")
                    .rpcAlias("deleteUserStatus", "delete_user_status");
        }

        EventLoopGroup loops = Transports.newGroup(0, "presenced-http");
        closeOrder.push(() -> loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
        http = new HttpApiServer(config.http(), api.build(), routes(new RedisHealth(redis)), loops);
        httpAddress = http.start();
        closeOrder.push(() -> http.close(config.shutdownTimeout()));

        log.info("presenced started: engine {}, user status {}, presence manager {}, HTTP {} ({}), API {}",
                engineDescription(), config.userStatus().enabled() ? "on (" + statusDescription() + ")" : "off",
                config.presenceManager().redis().map(r -> "redis " + r.describe() + " (not used yet)").orElse("off"),
                httpAddress, Transports.name(), apiAuthDescription());
    }

    private StatusStore statusStore(RedisConnections redis, ScheduledExecutorService housekeeping) {
        RedisConfig redisConfig = config.userStatus().redis().or(() -> config.engine().redis()).orElse(null);
        if (redisConfig != null) {
            return new RedisStatusStore(redis.get(redisConfig));
        }
        InMemoryStatusStore store = new InMemoryStatusStore(clock);
        housekeeping.scheduleWithFixedDelay(store::sweep, 30, 30, TimeUnit.SECONDS);
        return store;
    }

    private static Map<String, HttpRoute> routes(RedisHealth redis) {
        Map<String, HttpRoute> routes = new LinkedHashMap<>();
        routes.put("/health", HealthRoutes.health(redis));
        routes.put("/ready", HealthRoutes.ready(redis));
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

    /** Returns the user-status service, for connection tracking and tests. */
    public UserStatusService userStatus() {
        return userStatus;
    }

    /** Returns the configuration the node runs with. */
    public PresenceConfig config() {
        return config;
    }

    /** Stops accepting, finishes in-flight requests within the shutdown timeout, then closes everything. */
    @Override
    public void close() {
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
