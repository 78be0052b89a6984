package io.presenced.presence.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.SetArgs;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.presenced.concurrent.Futures;
import io.presenced.logging.RateLimitedLog;
import io.presenced.presence.NodeClients;
import io.presenced.presence.PresenceService;
import io.presenced.redis.RedisTopology;
import io.presenced.tasks.BackgroundTasks;

/**
 * Node leases in Redis, and the removal of a dead node's clients by the nodes still alive.
 *
 * <pre>
 * prefix.nodes                 set     ids of the nodes that hold (or held) clients
 * prefix.node.&lt;id&gt;             string  the node's lease: "1" with an expiry of node.lease_ttl, renewed every third
 * prefix.node.&lt;id&gt;.clients     set     the clients the node holds
 * </pre>
 *
 * <p>Every third of the lease time each node renews its lease, then looks for registered nodes whose lease has
 * expired, and disconnects their clients through {@link PresenceService#disconnect} in chunks (vacated events follow
 * with the usual delay); a node whose set is empty is forgotten. Nodes that reap the same node at once do the same
 * idempotent work: a client already removed queues no second event. A bounded number of chunks is reaped per round;
 * the rest waits for the next round.
 *
 * <p>Renewal uses {@code SET ... GET} (Redis 6.2): a node that finds its own lease gone has stalled past it, may
 * have been reaped, and runs the {@link #onLeaseLost} action so that its clients reconnect and join again.
 */
public final class RedisNodeLeases implements NodeClients {

    /** Clients disconnected per reaping command. */
    static final int REAP_CHUNK = 500;

    private static final Logger log = LoggerFactory.getLogger(RedisNodeLeases.class);
    private static final String TASK = "node-lease";
    private static final int MAX_CHUNKS_PER_ROUND = 20;
    private static final int MAX_NODES_PER_ROUND = 64;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final RedisTopology redis;
    private final PresenceService presence;
    private final String nodeId;
    private final long ttlMillis;
    private final Duration callTimeout;
    private final BackgroundTasks tasks;
    private final String nodesKey;
    private final RateLimitedLog registerLog = new RateLimitedLog(log, BackgroundTasks.LOG_INTERVAL);
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("presenced-node-lease", true));
    private volatile Runnable leaseLost = () -> { };
    // Touched only by the lease task's runs, which never overlap.
    private boolean held;

    /**
     * Creates the lease of node {@code nodeId}; call {@link #start()} to take it.
     *
     * @param callTimeout longest wait for one Redis reply within a round
     */
    public RedisNodeLeases(RedisTopology redis, PresenceService presence, String nodeId, Duration ttl,
                           Duration callTimeout, BackgroundTasks tasks) {
        this.redis = redis;
        this.presence = presence;
        this.nodeId = nodeId;
        this.ttlMillis = ttl.toMillis();
        this.callTimeout = callTimeout;
        this.tasks = tasks;
        this.nodesKey = redis.prefix() + ".nodes";
    }

    /** Takes the lease and starts renewing it and reaping dead nodes, every third of the lease time. */
    public void start() {
        tasks.every(scheduler, TASK, Duration.ZERO, Duration.ofMillis(Math.max(ttlMillis / 3, 1)), this::round);
    }

    /** Returns this node's id, as it appears in Redis. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void connected(String client) {
        String key = clientsKey(nodeId);
        try {
            redis.commandsFor(key).sadd(key, client).whenComplete((n, e) -> {
                if (e != null) {
                    registered(e);
                }
            });
        } catch (RuntimeException e) {
            registered(e);
        }
    }

    @Override
    public void disconnected(String client) {
        String key = clientsKey(nodeId);
        try {
            redis.commandsFor(key).srem(key, client);
        } catch (RuntimeException e) {
            // Not connected: a reaper that finds the client gone already does nothing for it.
        }
    }

    @Override
    public void onLeaseLost(Runnable action) {
        this.leaseLost = action;
    }

    private void registered(Throwable e) {
        registerLog.warn(TASK, "a client could not be registered with the node lease (its presence then expires"
                + " after the presence TTL if this node dies): " + BackgroundTasks.reason(e));
    }

    private void round() {
        renew();
        reapDeadNodes();
    }

    private void renew() {
        String key = leaseKey(nodeId);
        String previous = BackgroundTasks.await(
                redis.commandsFor(key).setGet(key, "1", SetArgs.Builder.px(ttlMillis)), callTimeout);
        if (previous == null && held) {
            log.warn("This node's lease had expired (the node stalled for longer than node.lease_ttl {} ms), so"
                    + " other nodes may have removed its clients' presence: reconnecting them", ttlMillis);
            leaseLost.run();
        }
        held = true;
        BackgroundTasks.await(redis.commandsFor(nodesKey).sadd(nodesKey, nodeId), callTimeout);
    }

    private void reapDeadNodes() {
        Set<String> nodes = BackgroundTasks.await(redis.commandsFor(nodesKey).smembers(nodesKey), callTimeout);
        int checked = 0;
        for (String node : nodes) {
            if (node.equals(nodeId)) {
                continue;
            }
            if (++checked > MAX_NODES_PER_ROUND) {
                return;
            }
            String lease = leaseKey(node);
            long alive = BackgroundTasks.await(redis.commandsFor(lease).exists(lease), callTimeout);
            if (alive == 0) {
                reap(node);
            }
        }
    }

    private void reap(String node) {
        String key = clientsKey(node);
        int removed = 0;
        for (int i = 0; i < MAX_CHUNKS_PER_ROUND; i++) {
            List<String> chunk = BackgroundTasks.await(redis.commandsFor(key).srandmember(key, REAP_CHUNK),
                    callTimeout);
            if (chunk.isEmpty()) {
                BackgroundTasks.await(redis.commandsFor(nodesKey).srem(nodesKey, node), callTimeout);
                if (removed > 0) {
                    log.info("Node {} left without a word (its lease expired): removed the presence of its {}"
                            + " clients", node, removed);
                }
                return;
            }
            // Removed from the set only once their presence is gone, so a reaper that dies midway loses nothing.
            BackgroundTasks.await(presence.disconnect(chunk), callTimeout.multipliedBy(2));
            BackgroundTasks.await(redis.commandsFor(key).srem(key, chunk.toArray(String[]::new)), callTimeout);
            removed += chunk.size();
        }
        log.info("Node {} left without a word: removed the presence of {} of its clients so far", node, removed);
    }

    private String leaseKey(String node) {
        return redis.prefix() + ".node." + node;
    }

    private String clientsKey(String node) {
        return redis.prefix() + ".node." + node + ".clients";
    }

    /**
     * Stops renewing and gives the lease up: the lease, the client set and the registration are deleted. Waits at
     * most {@link #CLOSE_WAIT}; what is not deleted is reaped by another node once the lease expires.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        try {
            String lease = leaseKey(nodeId);
            String clients = clientsKey(nodeId);
            calls.add(redis.commandsFor(clients).del(clients).toCompletableFuture());
            calls.add(redis.commandsFor(nodesKey).srem(nodesKey, nodeId).toCompletableFuture());
            calls.add(redis.commandsFor(lease).del(lease).toCompletableFuture());
            Futures.allOf(calls).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("The node lease was not given up ({}); it expires within {} ms", e.toString(), ttlMillis);
        }
    }
}
