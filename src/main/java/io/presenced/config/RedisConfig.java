package io.presenced.config;

import java.time.Duration;
import java.util.List;

/**
 * One Redis setup: standalone (one address), client-side shards (several addresses, or several Sentinel master
 * names), Sentinel or Cluster. Two features whose setups are equal share one set of connections.
 *
 * @param addresses           standalone addresses; more than one means client-side sharding
 * @param sentinelAddresses   Sentinel addresses, when the setup is Sentinel-managed
 * @param sentinelMasterNames the master names the Sentinels watch; more than one means client-side sharding over
 *                            those masters, in this order
 * @param sentinelUser        user for authenticating to the Sentinels, may be empty
 * @param sentinelPassword    password for authenticating to the Sentinels, may be empty
 * @param clusterAddresses    seed nodes, when the setup is a Redis Cluster
 * @param user                user for the data nodes when the address does not carry one, may be empty
 * @param password            password for the data nodes when the address does not carry one, may be empty
 * @param db                  database index for standalone and Sentinel setups
 * @param tls                 whether to connect to the data nodes with TLS (also implied by {@code rediss://})
 * @param prefix              prefix of every key presenced writes
 * @param connectTimeout      time allowed to open a connection
 * @param ioTimeout           time allowed for one command before it fails
 */
public record RedisConfig(List<String> addresses, List<String> sentinelAddresses, List<String> sentinelMasterNames,
                          String sentinelUser, String sentinelPassword, List<String> clusterAddresses,
                          String user, String password, int db, boolean tls, String prefix,
                          Duration connectTimeout, Duration ioTimeout) {

    public static final String DEFAULT_ADDRESS = "redis://127.0.0.1:6379";
    public static final String DEFAULT_PREFIX = "presenced";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofSeconds(4);

    public RedisConfig {
        addresses = List.copyOf(addresses);
        sentinelAddresses = List.copyOf(sentinelAddresses);
        sentinelMasterNames = List.copyOf(sentinelMasterNames);
        clusterAddresses = List.copyOf(clusterAddresses);
    }

    /**
     * Returns a standalone setup at {@code address} with every other option at its default.
     */
    public static RedisConfig standalone(String address) {
        return new RedisConfig(List.of(address), List.of(), List.of(), "", "", List.of(), "", "", 0, false,
                DEFAULT_PREFIX, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IO_TIMEOUT);
    }

    /** Returns whether the setup is a Redis Cluster. */
    public boolean isCluster() {
        return !clusterAddresses.isEmpty();
    }

    /** Returns whether the setup is Sentinel-managed. */
    public boolean isSentinel() {
        return !sentinelAddresses.isEmpty();
    }

    /** Returns a short description for logs, without secrets. */
    public String describe() {
        if (isCluster()) {
            return "cluster " + Redact.addresses(clusterAddresses);
        }
        if (isSentinel()) {
            String names = sentinelMasterNames.size() == 1 ? sentinelMasterNames.get(0)
                    : sentinelMasterNames.size() + " shards " + sentinelMasterNames;
            return "sentinel " + names + "@" + Redact.addresses(sentinelAddresses);
        }
        if (addresses.size() > 1) {
            return addresses.size() + " shards " + Redact.addresses(addresses);
        }
        return "standalone " + Redact.addresses(addresses);
    }

    @Override
    public String toString() {
        return describe();
    }
}
