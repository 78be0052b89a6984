package io.presenced.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.concurrent.EventExecutorGroup;
import io.presenced.concurrent.Futures;

/**
 * A Redis Cluster. Keys are grouped by hash slot; Lettuce routes every command to the master that serves its
 * slot, follows MOVED and ASK redirections, and refreshes its view of the cluster after redirections, after
 * repeated reconnects and periodically, so it follows failovers and resharding (see {@link LettuceSettings}).
 *
 * <p>Grouped sends go over a second connection that does not flush each command: all groups of a send are written
 * to their nodes' buffers, then each node is flushed, normally once. {@code MGET} cannot cross slots, so a bulk
 * read costs one command per slot, but one write per node. Lettuce re-sends some commands by itself from its
 * reply callbacks (after a MOVED or ASK reply); a sweep every {@link #SWEEP_INTERVAL} flushes those.
 */
final class ClusterTopology extends NamedTopology {

    static final Duration SWEEP_INTERVAL = Duration.ofMillis(20);

    private final BackgroundConnection<StatefulRedisClusterConnection<String, String>> routed;
    private final BackgroundConnection<StatefulRedisClusterConnection<String, String>> pipelined;
    private final ScheduledFuture<?> sweep;
    private final Supplier<? extends CompletionStage<? extends StatefulRedisPubSubConnection<String, String>>> pubSub;
    private final EventExecutorGroup timer;
    private final List<PubSub> subscriptions = new CopyOnWriteArrayList<>();

    /**
     * Creates the topology over two connections of one cluster client.
     *
     * @param routed    flushes every command; for single commands and PING
     * @param pipelined does not flush by itself; for grouped sends
     * @param pubSub    opens a pub/sub connection to the cluster
     * @param timer     runs the flush sweep and connection retries
     */
    ClusterTopology(String prefix, String description,
                    BackgroundConnection<StatefulRedisClusterConnection<String, String>> routed,
                    BackgroundConnection<StatefulRedisClusterConnection<String, String>> pipelined,
                    Supplier<? extends CompletionStage<? extends StatefulRedisPubSubConnection<String, String>>> pubSub,
                    EventExecutorGroup timer) {
        super(prefix, description);
        this.routed = routed;
        this.pipelined = pipelined;
        this.pubSub = pubSub;
        this.timer = timer;
        long every = SWEEP_INTERVAL.toMillis();
        this.sweep = timer.scheduleAtFixedRate(this::flushPipelined, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<KeyGroup> group(List<String> keys) {
        return KeyGroup.byRoute(keys, SlotHash::getSlot);
    }

    @Override
    public <T> CompletableFuture<List<T>> send(List<KeyGroup> groups, GroupCall<T> call) {
        StatefulRedisClusterConnection<String, String> connection;
        try {
            connection = pipelined.get();
        } catch (RedisUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Open each involved node's connection first, so that every command below is written to its node's
        // buffer at once rather than later from a connect callback, after the flush.
        NodeCalls nodes = new NodeCalls(connection, groups);
        return nodes.ready().thenCompose(x -> {
            List<CompletableFuture<T>> calls = new ArrayList<>(groups.size());
            for (int i = 0; i < groups.size(); i++) {
                KeyGroup g = groups.get(i);
                // The node's connection is complete here, so the call is issued before the flush below.
                calls.add(Fanout.guard(nodes.name(i), () -> nodes.connected(g.route())
                        .thenCompose(ok -> call.call(connection.async(), g))));
            }
            connection.flushCommands();
            return Fanout.join(calls);
        });
    }

    @Override
    public RedisClusterAsyncCommands<String, String> commandsFor(String key) {
        return routed.get().async();
    }

    @Override
    public List<RedisClusterAsyncCommands<String, String>> allCommands() {
        return List.of(routed.get().async());
    }

    @Override
    public <T> CompletableFuture<Map<String, T>> eachNode(NodeCall<T> call) {
        StatefulRedisClusterConnection<String, String> connection;
        try {
            connection = routed.get();
        } catch (RedisUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<String> names = new ArrayList<>();
        List<CompletableFuture<T>> calls = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.hasNoSlots()) {
                continue;
            }
            names.add(NodeCalls.name(node));
            calls.add(Fanout.guard(NodeCalls.name(node), () -> connection.getConnectionAsync(node.getNodeId())
                    .thenCompose(c -> call.call(c.async()))));
        }
        if (calls.isEmpty()) {
            return CompletableFuture.failedFuture(RedisUnavailableException.of(describe(),
                    new IllegalStateException("no master serves any slot")));
        }
        return Fanout.joinByNode(names, calls);
    }

    private void flushPipelined() {
        StatefulRedisClusterConnection<String, String> c = pipelined.getIfConnected();
        if (c != null) {
            c.flushCommands();
        }
    }

    @Override
    public AutoCloseable subscribe(List<String> channels, BiConsumer<String, String> listener) {
        // A Cluster hands every PUBLISH to every node, so one connection to any node hears all channels.
        PubSub opened = PubSub.open(describe(), pubSub, channels, listener, timer);
        subscriptions.add(opened);
        return () -> {
            opened.close();
            subscriptions.remove(opened);
        };
    }

    @Override
    public void close() {
        subscriptions.forEach(PubSub::close);
        sweep.cancel(false);
        pipelined.close();
        routed.close();
    }

    /** The master of each group's slot, and the connection to each involved master. */
    private static final class NodeCalls {

        private final String[] names;
        private final Map<Integer, String> bySlot = new LinkedHashMap<>();
        private final Map<String, CompletableFuture<StatefulRedisConnection<String, String>>> connections =
                new LinkedHashMap<>();

        NodeCalls(StatefulRedisClusterConnection<String, String> cluster, List<KeyGroup> groups) {
            names = new String[groups.size()];
            for (int i = 0; i < names.length; i++) {
                int slot = groups.get(i).route();
                RedisClusterNode master = cluster.getPartitions().getMasterBySlot(slot);
                if (master == null) {
                    names[i] = "cluster slot " + slot;
                    continue;
                }
                names[i] = name(master);
                bySlot.put(slot, names[i]);
                connections.computeIfAbsent(names[i], n -> open(cluster, master));
            }
        }

        private static CompletableFuture<StatefulRedisConnection<String, String>> open(
                StatefulRedisClusterConnection<String, String> cluster, RedisClusterNode node) {
            try {
                return cluster.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        static String name(RedisClusterNode node) {
            return "cluster node " + node.getUri().getHost() + ":" + node.getUri().getPort();
        }

        String name(int group) {
            return names[group];
        }

        /** Completes when every involved node's connection attempt has finished, successfully or not. */
        CompletableFuture<Void> ready() {
            return Futures.allOf(connections.values()).handle((x, e) -> null);
        }

        /** Completes when the master of {@code slot} is connected; fails when none is, or it cannot be reached. */
        CompletableFuture<Void> connected(int slot) {
            CompletableFuture<StatefulRedisConnection<String, String>> c = connections.get(bySlot.get(slot));
            if (c == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no master serves the slot"));
            }
            return c.thenApply(x -> null);
        }
    }
}
