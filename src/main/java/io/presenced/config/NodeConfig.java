package io.presenced.config;

import java.time.Duration;

/**
 * What identifies this node, and how long it may go silent before other nodes treat it as dead.
 *
 * @param name     the node name that {@code info} reports; empty means the host name, resolved at start-up
 * @param leaseTtl the node lease (Redis engine): a node that has not renewed it for this long is taken for dead,
 *                 and another node removes the presence of the clients it held
 */
public record NodeConfig(String name, Duration leaseTtl) {

    /** Default of {@code node.lease_ttl}. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);
}
