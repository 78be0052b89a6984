package io.presenced.testing.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * Several independent standalone nodes on 127.0.0.1, for client-side sharding: presenced picks a node per key.
 *
 * <p>Create it, {@link #start()} it, and {@link #close()} it; close stops every node in reverse order.
 */
public final class RedisShardSet implements AutoCloseable {

    /** Nodes in a set from {@link #create()}. */
    public static final int DEFAULT_SHARDS = 3;

    private final List<RedisNode> nodes = new ArrayList<>();

    private RedisShardSet(int shards) {
        if (shards < 2) {
            throw new IllegalArgumentException("shards: " + shards + " (expected: >= 2)");
        }
        for (int i = 1; i <= shards; i++) {
            nodes.add(RedisNode.builder().name("shard-" + i).build());
        }
    }

    /** Returns a stopped set of {@value #DEFAULT_SHARDS} nodes; call {@link #start()} next. */
    public static RedisShardSet create() {
        return new RedisShardSet(DEFAULT_SHARDS);
    }

    /** Returns a stopped set of {@code shards} nodes. */
    public static RedisShardSet create(int shards) {
        return new RedisShardSet(shards);
    }

    /**
     * Starts every node.
     *
     * @return this set
     * @throws IllegalStateException when a node cannot start; the nodes started so far are stopped first
     */
    public synchronized RedisShardSet start() {
        try {
            nodes.forEach(RedisNode::start);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Returns the nodes in shard order: the order their addresses must be configured in. */
    public List<RedisNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Returns {@code redis://127.0.0.1:PORT} of each node, in shard order. */
    public List<String> uris() {
        return nodes.stream().map(RedisNode::uri).toList();
    }

    /** Sends FLUSHALL to every node. */
    public void flushAll() {
        nodes.forEach(node -> node.command("FLUSHALL"));
    }

    /** Stops every node in reverse order and deletes their directories; idempotent. */
    @Override
    public synchronized void close() {
        RedisFiles.closeInReverse(nodes);
    }

    @Override
    public String toString() {
        return "shard set " + nodes;
    }
}
