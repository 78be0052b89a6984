package io.presenced.testing.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The processes of a multi-node Redis set, in start order: started together once, and stopped in reverse order when
 * starting fails or the set is closed. Messages name the set that owns the group.
 */
final class NodeGroup {

    private final Object owner;
    private final List<RedisNode> nodes = new ArrayList<>();
    private boolean started;
    private boolean closed;

    NodeGroup(Object owner) {
        this.owner = owner;
    }

    /**
     * Runs {@code startAll}, which adds and starts the nodes and waits until they work together, unless the group
     * has already started.
     *
     * @throws IllegalStateException when the group is closed
     * @throws RuntimeException whatever {@code startAll} throws, after every node added so far is stopped
     */
    synchronized void startOnce(Runnable startAll) {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
        if (started) {
            return;
        }
        try {
            startAll.run();
            started = true;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Adds {@code node} as the last in start order, and returns it. */
    synchronized RedisNode add(RedisNode node) {
        nodes.add(node);
        return node;
    }

    /**
     * Returns every node in start order, including killed ones.
     *
     * @throws IllegalStateException when the group has not started
     */
    synchronized List<RedisNode> startedNodes() {
        requireStarted();
        return List.copyOf(nodes);
    }

    /** Throws {@link IllegalStateException} when the group has not started. */
    synchronized void requireStarted() {
        if (!started) {
            throw new IllegalStateException(owner + " is not started");
        }
    }

    /** Returns the nodes added so far, in start order, as a read-only view; for the owner while it starts. */
    List<RedisNode> all() {
        return Collections.unmodifiableList(nodes);
    }

    /** Stops every node in reverse order of start and deletes their directories; idempotent. */
    synchronized void close() {
        closed = true;
        RedisFiles.closeInReverse(nodes);
    }
}
