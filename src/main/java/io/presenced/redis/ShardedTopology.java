package io.presenced.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * One or more independent Redis nodes (standalone or Sentinel-managed); with more than one, each key lives on the
 * shard {@link JumpHash} picks.
 */
final class ShardedTopology implements RedisTopology {

    private final String prefix;
    private final String description;
    private final List<Shard> shards;

    ShardedTopology(String prefix, String description, List<Shard> shards) {
        this.prefix = prefix;
        this.description = description;
        this.shards = List.copyOf(shards);
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public String describe() {
        return description;
    }

    int shardOf(String key) {
        return shards.size() == 1 ? 0 : JumpHash.shard(HashTags.routingPart(key), shards.size());
    }

    @Override
    public List<KeyGroup> group(List<String> keys) {
        if (shards.size() == 1) {
            int[] all = new int[keys.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return List.of(new KeyGroup(all, keys, shards.get(0).commands()));
        }
        List<List<Integer>> byShard = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            byShard.add(new ArrayList<>());
        }
        for (int i = 0; i < keys.size(); i++) {
            byShard.get(shardOf(keys.get(i))).add(i);
        }
        List<KeyGroup> groups = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            List<Integer> idx = byShard.get(s);
            if (idx.isEmpty()) {
                continue;
            }
            int[] indices = idx.stream().mapToInt(Integer::intValue).toArray();
            List<String> groupKeys = new ArrayList<>(indices.length);
            for (int i : indices) {
                groupKeys.add(keys.get(i));
            }
            groups.add(new KeyGroup(indices, groupKeys, shards.get(s).commands()));
        }
        return groups;
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
    public CompletionStage<Void> ping() {
        CompletableFuture<?>[] pings = new CompletableFuture<?>[shards.size()];
        for (int i = 0; i < pings.length; i++) {
            Shard s = shards.get(i);
            pings[i] = s.commands().ping().toCompletableFuture()
                    .exceptionally(e -> {
                        throw RedisUnavailableException.of(s.description(), e);
                    });
        }
        return CompletableFuture.allOf(pings);
    }

    @Override
    public void close() {
        shards.forEach(s -> s.connection().close());
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * One shard's connection.
     *
     * @param description the shard's address, without secrets
     * @param connection  the shard's connection, reconnected by Lettuce after a failure
     */
    record Shard(String description, StatefulRedisConnection<String, String> connection) {
        RedisClusterAsyncCommands<String, String> commands() {
            return connection.async();
        }
    }
}
