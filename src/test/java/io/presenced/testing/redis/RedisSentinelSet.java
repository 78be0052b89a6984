package io.presenced.testing.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Redis Sentinel deployment on 127.0.0.1: one master, one replica and three sentinels (quorum 2) watching the
 * master under {@link #masterName()}, tuned to fail over within a few seconds ({@code down-after-milliseconds 1000},
 * {@code failover-timeout 3000}).
 *
 * <p>Create it, {@link #start()} it, and {@link #close()} it; close stops every process in reverse order.
 */
public final class RedisSentinelSet implements AutoCloseable {

    /** The name the sentinels monitor the master under. */
    public static final String DEFAULT_MASTER_NAME = "mymaster";

    /** How long {@link #start()} waits for the replica to sync and the sentinels to find each other. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final int SENTINELS = 3;
    private static final int QUORUM = 2;
    private static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofMillis(3000);

    private final String masterName;
    private final Duration startTimeout;
    private final NodeGroup group = new NodeGroup(this);
    private final List<RedisNode> sentinels = new ArrayList<>();
    private RedisNode master;
    private RedisNode replica;
    private int lastKilledMasterPort;

    private RedisSentinelSet(String masterName, Duration startTimeout) {
        this.masterName = requireNonNull(masterName, "masterName");
        this.startTimeout = requireNonNull(startTimeout, "startTimeout");
    }

    /** Returns a stopped set monitoring {@value #DEFAULT_MASTER_NAME}; call {@link #start()} next. */
    public static RedisSentinelSet create() {
        return new RedisSentinelSet(DEFAULT_MASTER_NAME, DEFAULT_START_TIMEOUT);
    }

    /** Returns a stopped set monitoring masterName, whose {@link #start()} waits up to startTimeout. */
    public static RedisSentinelSet create(String masterName, Duration startTimeout) {
        return new RedisSentinelSet(masterName, startTimeout);
    }

    /**
     * Starts master, replica and sentinels, and waits until the replica is in sync and every sentinel reports the
     * master and knows the replica and the other two sentinels.
     *
     * @return this set
     * @throws IllegalStateException when a process cannot start or the set is not ready within the start timeout;
     *     everything started so far is stopped first
     */
    public RedisSentinelSet start() {
        group.startOnce(() -> {
            master = group.add(RedisNode.builder().name("sentinel-master").build()).start();
            replica = group.add(RedisNode.builder().name("sentinel-replica")
                    .config("replicaof 127.0.0.1 " + master.port())
                    .config("replica-announce-ip 127.0.0.1")
                    .build()).start();
            for (int i = 1; i <= SENTINELS; i++) {
                sentinels.add(group.add(sentinelNode(i)).start());
            }
            Poll.until(this + " to be ready", startTimeout, this::isReady);
        });
        return this;
    }

    /** Returns the name the sentinels monitor the master under. */
    public String masterName() {
        return masterName;
    }

    /** Returns {@code redis://127.0.0.1:PORT} for each sentinel. */
    public List<String> sentinelUris() {
        return sentinels().stream().map(RedisNode::uri).toList();
    }

    /** Returns the three sentinel nodes. */
    public List<RedisNode> sentinels() {
        group.requireStarted();
        return List.copyOf(sentinels);
    }

    /** Returns the node started as master; after a failover it may be a replica, or dead. */
    public RedisNode master() {
        group.requireStarted();
        return master;
    }

    /** Returns the node started as replica; after a failover it may be the master. */
    public RedisNode replica() {
        group.requireStarted();
        return replica;
    }

    /**
     * Returns the master's port as the first answering sentinel reports it.
     *
     * @throws IllegalStateException when no sentinel answers; each sentinel's failure is attached as suppressed
     */
    public int currentMasterPort() {
        IllegalStateException failure = new IllegalStateException("no sentinel of " + this + " reports the master");
        for (RedisNode sentinel : sentinels()) {
            try {
                return reportedMasterPort(sentinel);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    /** Returns the master or replica node on the port the sentinels currently report as master. */
    public RedisNode currentMaster() {
        return dataNodeOnPort(currentMasterPort());
    }

    /** Sends FLUSHALL to the current master. */
    public void flushAll() {
        currentMaster().command("FLUSHALL");
    }

    /** Kills the current master with SIGKILL and returns its node, which {@link RedisNode#restart()} brings back. */
    public synchronized RedisNode killMaster() {
        RedisNode current = currentMaster();
        current.kill();
        lastKilledMasterPort = current.port();
        return current;
    }

    /**
     * Waits for a failover after {@link #killMaster()}: see {@link #awaitFailover(int, Duration)}.
     *
     * @throws IllegalStateException when killMaster was not called, or on timeout
     */
    public int awaitFailover(Duration timeout) {
        int oldMasterPort;
        synchronized (this) {
            oldMasterPort = lastKilledMasterPort;
        }
        if (oldMasterPort == 0) {
            throw new IllegalStateException("killMaster() was not called (expected: a killed master to replace)");
        }
        return awaitFailover(oldMasterPort, timeout);
    }

    /**
     * Waits until every running sentinel reports the same master other than oldMasterPort, and that node's
     * {@code ROLE} says master, and every sentinel has finished switching (its master entry moved, the old master
     * listed as a replica); returns its port.
     *
     * @throws IllegalStateException on timeout, with the last thing still missing
     */
    public int awaitFailover(int oldMasterPort, Duration timeout) {
        return Poll.until(this + " to replace master 127.0.0.1:" + oldMasterPort, timeout, () -> {
            int reported = agreedMasterPort();
            Poll.check(reported != oldMasterPort, "sentinels still report 127.0.0.1:" + oldMasterPort);
            Object role = dataNodeOnPort(reported).command("ROLE");
            Poll.check("master".equals(((List<?>) role).get(0)), "127.0.0.1:" + reported + " has ROLE " + role);
            for (RedisNode sentinel : sentinels) {
                if (sentinel.isAlive()) {
                    awaitSwitchedTo(sentinel, reported, oldMasterPort);
                }
            }
            return reported;
        });
    }

    /** Stops every process in reverse order of start and deletes their directories; idempotent. */
    @Override
    public void close() {
        group.close();
    }

    @Override
    public String toString() {
        return "sentinel set " + masterName + (group.all().isEmpty() ? " (not started)" : " " + group.all());
    }

    private RedisNode sentinelNode(int index) {
        return RedisNode.builder().name("sentinel-" + index).sentinel()
                .config("sentinel resolve-hostnames no")
                .config("sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " " + QUORUM)
                .config("sentinel down-after-milliseconds " + masterName + " " + DOWN_AFTER.toMillis())
                .config("sentinel failover-timeout " + masterName + " " + FAILOVER_TIMEOUT.toMillis())
                .config("sentinel parallel-syncs " + masterName + " 1")
                .build();
    }

    private Boolean isReady() {
        Poll.check("up".equals(replica.info("replication").get("master_link_status")), "replica not in sync");
        for (RedisNode sentinel : sentinels) {
            int reported = reportedMasterPort(sentinel);
            Poll.check(reported == master.port(), sentinel + " reports master 127.0.0.1:" + reported);
            Poll.check(healthyPeers(sentinel, "SENTINELS") == SENTINELS - 1, sentinel + " misses other sentinels");
            Poll.check(healthyPeers(sentinel, "REPLICAS") == 1, sentinel + " does not know the replica yet");
        }
        return Boolean.TRUE;
    }

    private int agreedMasterPort() {
        Integer agreed = null;
        for (RedisNode sentinel : sentinels) {
            if (sentinel.isAlive()) {
                int reported = reportedMasterPort(sentinel);
                Poll.check(agreed == null || agreed == reported, "sentinels disagree on the master");
                agreed = reported;
            }
        }
        Poll.check(agreed != null, "no sentinel is running");
        return agreed;
    }

    // GET-MASTER-ADDR-BY-NAME already answers the promoted replica while the leader is still reconfiguring; a master
    // restarted in that window can be taken for the live one and the promoted replica demoted under it. The switch is
    // over once the sentinel's own master entry has moved and lists the old master among its replicas.
    private void awaitSwitchedTo(RedisNode sentinel, int newMasterPort, int oldMasterPort) {
        Map<String, String> master = fields((List<?>) sentinel.command("SENTINEL", "MASTER", masterName));
        Poll.check(String.valueOf(newMasterPort).equals(master.get("port")), sentinel + " still has master " + master);
        Poll.check(!master.getOrDefault("flags", "").contains("failover"), sentinel + " is still failing over");
        boolean listsOldMaster = false;
        for (Object replica : (List<?>) sentinel.command("SENTINEL", "REPLICAS", masterName)) {
            listsOldMaster |= String.valueOf(oldMasterPort).equals(fields((List<?>) replica).get("port"));
        }
        Poll.check(listsOldMaster, sentinel + " does not list 127.0.0.1:" + oldMasterPort + " as a replica yet");
    }

    private int reportedMasterPort(RedisNode sentinel) {
        List<?> address = (List<?>) sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
        Poll.check(address != null, sentinel + " does not know master " + masterName);
        return Integer.parseInt((String) address.get(1));
    }

    // Counts the peers (other sentinels or replicas) a sentinel sees as up and connected.
    private int healthyPeers(RedisNode sentinel, String kind) {
        int healthy = 0;
        for (Object peer : (List<?>) sentinel.command("SENTINEL", kind, masterName)) {
            String flags = fields((List<?>) peer).getOrDefault("flags", "");
            if (!flags.contains("s_down") && !flags.contains("disconnected")) {
                healthy++;
            }
        }
        return healthy;
    }

    private static Map<String, String> fields(List<?> flatPairs) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flatPairs.size(); i += 2) {
            fields.put((String) flatPairs.get(i), (String) flatPairs.get(i + 1));
        }
        return fields;
    }

    private RedisNode dataNodeOnPort(int port) {
        group.requireStarted();
        if (master.port() == port) {
            return master;
        }
        if (replica.port() == port) {
            return replica;
        }
        throw new IllegalStateException("port: " + port + " (expected: master " + master.port() + " or replica "
                + replica.port() + ")");
    }
}
