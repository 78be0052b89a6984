package io.presenced.config;

/**
 * What identifies this node to the {@code info} method.
 *
 * @param name the node name; empty means the host name, resolved at start-up
 */
public record NodeConfig(String name) {
}
