package io.presenced.redis;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * One configured Redis setup, whatever its shape (standalone, Sentinel, Cluster, client-side shards), seen as
 * the one thing the stores need: where to send a group of keys.
 *
 * <p>Thread-safe. Commands never block the caller; when Redis is unreachable they fail at once with a
 * {@link RedisUnavailableException} naming the setup, rather than queueing.
 */
public interface RedisTopology extends AutoCloseable {

    /** Returns the key prefix of this setup, without a trailing separator. */
    String prefix();

    /** Returns a description for logs and error messages, without secrets. */
    String describe();

    /**
     * Splits {@code keys} into groups that can each be sent as one multi-key command (one {@code MGET}, one
     * script call): one group per shard on a sharded setup, one per hash slot on a Cluster, a single group
     * otherwise. Every key appears in exactly one group; groups keep the keys' relative order.
     */
    List<KeyGroup> group(List<String> keys);

    /** Returns the commands that reach the node holding {@code key}. */
    RedisClusterAsyncCommands<String, String> commandsFor(String key);

    /** Returns the commands of every node group (one per shard; one for Cluster, which routes by key). */
    List<RedisClusterAsyncCommands<String, String>> allCommands();

    /** Completes when every node answers {@code PING}; fails naming the first that does not. */
    CompletionStage<Void> ping();

    /** Closes the connections of this setup. */
    @Override
    void close();

    /**
     * Keys that go in one command to one node.
     *
     * @param indices  the position of each key in the list given to {@link #group(List)}
     * @param keys     the keys, in the same order as {@code indices}
     * @param commands the commands that reach their node
     */
    record KeyGroup(int[] indices, List<String> keys, RedisClusterAsyncCommands<String, String> commands) {
    }
}
