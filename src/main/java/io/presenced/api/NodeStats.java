package io.presenced.api;

/**
 * Supplies this node's live counts for the {@code info} method. The node's owner provides it; calls come from
 * API threads at any time, so implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface NodeStats {

    /** Counts nothing: every count is zero. */
    NodeStats NONE = () -> Counts.ZERO;

    /** Returns the current counts. */
    Counts counts();

    /**
     * A snapshot of this node's counts.
     *
     * @param clients  connected clients
     * @param users    distinct users among them
     * @param channels channels with at least one subscriber
     */
    record Counts(long clients, long users, long channels) {

        /** All counts zero. */
        public static final Counts ZERO = new Counts(0, 0, 0);
    }
}
