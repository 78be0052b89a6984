package io.presenced.client;

import io.presenced.presence.ClientInfo;

/**
 * Where join and leave events of presence go, so that subscribers receive them as pushes. The node's
 * {@link ClientHub} delivers them to its own subscribers; a fan-out between nodes (Redis pub/sub) can sit in front
 * of it as another implementation, publishing to the other nodes and delivering what they publish to the hub.
 * Implementations are thread-safe and never block.
 */
public interface PresenceEvents {

    /** Reports that {@code info}'s client joined {@code channel}. */
    void joined(String channel, ClientInfo info);

    /** Reports that {@code info}'s client left {@code channel}. */
    void left(String channel, ClientInfo info);
}
