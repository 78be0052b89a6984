package io.presenced.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * One configured Redis setup, whatever its shape (standalone, Sentinel, Cluster, client-side shards), seen as
 * the one thing the stores need: where to send a group of keys.
 *
 * <p>Thread-safe. Commands never block the caller; when Redis is unreachable, or not connected yet because it was
 * down at start-up, they fail at once with a {@link RedisUnavailableException} naming the node, rather than queue.
 */
public interface RedisTopology extends AutoCloseable {

    /** Returns the key prefix of this setup, without a trailing separator. */
    String prefix();

    /** Returns a description for logs and error messages, without secrets. */
    String describe();

    /**
     * Splits {@code keys} into groups that can each be sent as one multi-key command (one {@code MGET}, one
     * script call): one group per shard on a sharded setup, one per hash slot on a Cluster, a single group
     * otherwise. Every key appears in exactly one group; groups keep the keys' relative order. Keys sharing a
     * hash tag ({@code {...}}) always share a group, on every topology.
     */
    List<KeyGroup> group(List<String> keys);

    /**
     * Returns whether {@code keys} all go to one node over one connection and may be used together in one script
     * call, that is, whether {@link #group} makes one group of them: always on a single Redis (standalone or
     * Sentinel), when they land on one shard with client-side shards, and only when they share a hash slot on a
     * Cluster. The answer for given keys never changes while the topology is open.
     */
    default boolean isOneGroup(List<String> keys) {
        return group(keys).size() <= 1;
    }

    /**
     * Calls {@code call} once per group with commands that reach the group's node, and pipelines the calls: the
     * groups are sent in parallel, and on a Cluster each node receives all of its groups in one write. A call must
     * issue its command before returning; a command issued later from a reply callback (a NOSCRIPT fallback, say)
     * is sent too, within a few milliseconds.
     *
     * @return the calls' results, in the order of {@code groups}; fails with a {@link RedisUnavailableException}
     *     naming the first node that failed, with the other nodes' failures attached as suppressed
     */
    <T> CompletableFuture<List<T>> send(List<KeyGroup> groups, GroupCall<T> call);

    /**
     * Returns the commands that reach the node holding {@code key}, flushing each command at once.
     *
     * @throws RedisUnavailableException when that node is not connected yet
     */
    RedisClusterAsyncCommands<String, String> commandsFor(String key);

    /**
     * Returns the commands of every node group: one per shard, or one for a Cluster, which routes by key.
     *
     * @throws RedisUnavailableException when a node is not connected yet
     */
    List<RedisClusterAsyncCommands<String, String>> allCommands();

    /**
     * Sends {@code call} to every node (each shard; each Cluster master that serves slots) and returns each
     * node's reply by the node's name (without secrets), in a stable order; fails naming the first node that
     * failed, with the others attached as suppressed. For administration (probes, settings), not for data.
     */
    <T> CompletableFuture<Map<String, T>> eachNode(NodeCall<T> call);

    /**
     * Completes when every node (each shard; each Cluster master that serves slots) answers {@code PING}; fails
     * naming the first that does not, with the others attached as suppressed.
     */
    default CompletionStage<Void> ping() {
        return eachNode(RedisClusterAsyncCommands::ping).thenApply(x -> null);
    }

    /**
     * Subscribes to the pub/sub {@code channels} until the returned handle, or the topology, is closed: on a sharded
     * setup each shard's channels get a connection of their own, on a Cluster one connection hears every node's
     * messages. The connections open in the background like the others, and Lettuce subscribes again after a
     * reconnect; messages published while one is down are lost (pub/sub is at most once). {@code listener} gets
     * (channel, message) on a Lettuce I/O thread and must not block.
     */
    AutoCloseable subscribe(List<String> channels, BiConsumer<String, String> listener);

    /**
     * Publishes {@code message} on the pub/sub {@code channel}, on the node that {@link #subscribe} listens to for
     * that channel; completes with the number of connections that received it there.
     *
     * @throws RedisUnavailableException when that node is not connected yet
     */
    default CompletionStage<Long> publish(String channel, String message) {
        return commandsFor(channel).publish(channel, message);
    }

    /** Closes the connections of this setup. */
    @Override
    void close();

    /**
     * Keys that go in one command to one node.
     *
     * @param indices the position of each key in the list given to {@link #group(List)}
     * @param keys    the keys, in the same order as {@code indices}
     * @param route   where the group goes: the shard index, or the hash slot on a Cluster
     */
    record KeyGroup(int[] indices, List<String> keys, int route) {

        /** Returns the items of {@code all} at this group's {@link #indices}, in that order. */
        public <E> List<E> select(List<E> all) {
            List<E> out = new ArrayList<>(indices.length);
            for (int i : indices) {
                out.add(all.get(i));
            }
            return out;
        }

        /**
         * Splits {@code keys} by {@code route} into groups, in order of first appearance, keeping key order. The
         * stores also use it to group by their own partitions: then the "keys" are whatever names the partition.
         */
        public static List<KeyGroup> byRoute(List<String> keys, ToIntFunction<String> route) {
            Map<Integer, List<Integer>> positions = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                positions.computeIfAbsent(route.applyAsInt(keys.get(i)), r -> new ArrayList<>()).add(i);
            }
            List<KeyGroup> groups = new ArrayList<>(positions.size());
            positions.forEach((r, at) -> {
                int[] indices = new int[at.size()];
                List<String> groupKeys = new ArrayList<>(indices.length);
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = at.get(i);
                    groupKeys.add(keys.get(indices[i]));
                }
                groups.add(new KeyGroup(indices, groupKeys, r));
            });
            return groups;
        }
    }

    /**
     * One command for one node.
     *
     * @param <T> the command's result
     */
    @FunctionalInterface
    interface NodeCall<T> {

        /** Issues the command on {@code commands} and returns its pending result. */
        CompletionStage<T> call(RedisClusterAsyncCommands<String, String> commands);
    }

    /**
     * One multi-key command (or script call) for one group.
     *
     * @param <T> the command's result
     */
    @FunctionalInterface
    interface GroupCall<T> {

        /** Issues the group's command on {@code commands} and returns its pending result. */
        CompletionStage<T> call(RedisClusterAsyncCommands<String, String> commands, KeyGroup group);
    }
}
