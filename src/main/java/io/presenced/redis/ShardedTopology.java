package io.presenced.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * One or more independent Redis nodes, each standalone or Sentinel-managed. With more than one, each key lives on
 * the shard that {@link JumpHash} picks for its {@link HashTag}, as Centrifugo picks shards.
 */
final class ShardedTopology extends NamedTopology {

    private final List<Shard> shards;
    private final EventExecutorGroup timer;
    private final List<PubSub> subscriptions = new CopyOnWriteArrayList<>();

    ShardedTopology(String prefix, String description, List<Shard> shards, EventExecutorGroup timer) {
        super(prefix, description);
        this.shards = List.copyOf(shards);
        this.timer = timer;
    }

    int shardOf(String key) {
        return shards.size() == 1 ? 0 : JumpHash.shard(HashTag.of(key), shards.size());
    }

    @Override
    public List<KeyGroup> group(List<String> keys) {
        return KeyGroup.byRoute(keys, this::shardOf);
    }

    @Override
    public <T> CompletableFuture<List<T>> send(List<KeyGroup> groups, GroupCall<T> call) {
        // One command per shard, each flushed at once: the shards work in parallel.
        List<CompletableFuture<T>> calls = new ArrayList<>(groups.size());
        for (KeyGroup g : groups) {
            Shard shard = shards.get(g.route());
            calls.add(Fanout.guard(shard.description(), () -> call.call(shard.commands(), g)));
        }
        return Fanout.join(calls);
    }

    @Override
    public RedisClusterAsyncCommands<String, String> commandsFor(String key) {
        return shards.get(shardOf(key)).commands();
    }

    @Override
    public List<RedisClusterAsyncCommands<String, String>> allCommands() {
        List<RedisClusterAsyncCommands<String, String>> out = new ArrayList<>(shards.size());
        shards.forEach(s -> out.add(s.commands()));
        return out;
    }

    @Override
    public <T> CompletableFuture<Map<String, T>> eachNode(NodeCall<T> call) {
        List<String> names = new ArrayList<>(shards.size());
        List<CompletableFuture<T>> calls = new ArrayList<>(shards.size());
        for (Shard s : shards) {
            names.add(s.description());
            calls.add(Fanout.guard(s.description(), () -> call.call(s.commands())));
        }
        return Fanout.joinByNode(names, calls);
    }

    @Override
    public AutoCloseable subscribe(List<String> channels, BiConsumer<String, String> listener) {
        List<PubSub> opened = new ArrayList<>();
        for (KeyGroup g : group(channels)) {
            Shard shard = shards.get(g.route());
            opened.add(PubSub.open(shard.description(), shard.pubSub(), g.keys(), listener, timer));
        }
        subscriptions.addAll(opened);
        return () -> {
            opened.forEach(PubSub::close);
            subscriptions.removeAll(opened);
        };
    }

    @Override
    public void close() {
        subscriptions.forEach(PubSub::close);
        shards.forEach(s -> s.connection().close());
    }

    /**
     * One shard's connection.
     *
     * @param description the shard's address or Sentinel master, without secrets
     * @param connection  the shard's connection, opened in the background and reconnected by Lettuce
     * @param pubSub      opens a pub/sub connection to the shard
     */
    record Shard(String description, BackgroundConnection<StatefulRedisConnection<String, String>> connection,
                 Supplier<? extends CompletionStage<? extends StatefulRedisPubSubConnection<String, String>>> pubSub) {

        /** Returns the shard's commands; throws {@link RedisUnavailableException} before it first connected. */
        RedisClusterAsyncCommands<String, String> commands() {
            return connection.get().async();
        }
    }
}
