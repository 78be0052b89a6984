package io.presenced.presence;

/**
 * Where the presence model reports each entry it adds or removes, whatever the source (a backend's
 * {@code presence_join}, a client's subscription, an expiry, a dead node's reaping), so that subscribers receive
 * join and leave pushes. A refresh of an existing entry reports nothing.
 *
 * <p>Reports are at most once: they are not part of the store's atomic change. Implementations are thread-safe,
 * never block, and are called from store threads (a partition's caller, or Redis reply threads).
 */
public interface PresenceEvents {

    /** Reports nothing. */
    PresenceEvents NONE = new PresenceEvents() {
        @Override
        public void joined(String channel, ClientInfo info) {
        }

        @Override
        public void left(String channel, ClientInfo info) {
        }
    };

    /** Reports that {@code info}'s client joined {@code channel}. */
    void joined(String channel, ClientInfo info);

    /** Reports that {@code info}'s client left {@code channel}. */
    void left(String channel, ClientInfo info);
}
