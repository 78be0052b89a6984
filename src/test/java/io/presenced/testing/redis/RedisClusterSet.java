package io.presenced.testing.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A Redis Cluster on 127.0.0.1: N masters with R replicas each, created with {@code CLUSTER ADDSLOTS}, {@code MEET}
 * and {@code REPLICATE} as {@code redis-cli --cluster create} would (so redis-cli need not be installed). Node
 * timeout defaults to one second so failovers finish within a few seconds.
 *
 * <p>Create it, {@link #start()} it, and {@link #close()} it; close stops every node in reverse order.
 */
public final class RedisClusterSet implements AutoCloseable {

    /** Masters in a cluster from {@link #create()}; a Redis Cluster needs at least 3 to fail over. */
    public static final int DEFAULT_MASTERS = 3;

    /** Replicas per master in a cluster from {@link #create()}. */
    public static final int DEFAULT_REPLICAS_PER_MASTER = 0;

    /** The {@code cluster-node-timeout} unless the builder says otherwise. */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(1);

    /** How long {@link #start()} waits for the cluster to be created and reach {@code cluster_state:ok}. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    /** The number of hash slots in every Redis Cluster. */
    public static final int SLOTS = 16384;

    private final int masterCount;
    private final int replicasPerMaster;
    private final Duration nodeTimeout;
    private final Duration startTimeout;
    private final NodeGroup group = new NodeGroup(this);

    private RedisClusterSet(Builder builder) {
        this.masterCount = builder.masters;
        this.replicasPerMaster = builder.replicasPerMaster;
        this.nodeTimeout = builder.nodeTimeout;
        this.startTimeout = builder.startTimeout;
    }

    /** Returns a stopped cluster of 3 masters without replicas; call {@link #start()} next. */
    public static RedisClusterSet create() {
        return builder().build();
    }

    /** Returns a builder for other sizes and timeouts. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node, creates the cluster and waits until every node says {@code cluster_state:ok}, knows every
     * other node, sees all 16384 slots assigned and ok, and every replica is in sync with its master.
     *
     * @return this cluster
     * @throws IllegalStateException when a node or a cluster command fails, or the cluster is not ready within the
     *     start timeout; everything started so far is stopped first
     */
    public RedisClusterSet start() {
        group.startOnce(() -> {
            int total = masterCount * (1 + replicasPerMaster);
            for (int i = 1; i <= total; i++) {
                group.add(RedisNode.builder().name("cluster-" + i).cluster()
                        .config("cluster-node-timeout " + nodeTimeout.toMillis())
                        .build()).start();
            }
            createCluster();
            Poll.until(this + " to be ready", startTimeout, () -> isHealthy(true));
        });
        return this;
    }

    /** Returns {@code redis://127.0.0.1:PORT} for every node, masters and replicas, as seeds for a cluster client. */
    public List<String> seedUris() {
        return nodes().stream().map(RedisNode::uri).toList();
    }

    /** Returns every node in start order, including killed ones. */
    public List<RedisNode> nodes() {
        return group.startedNodes();
    }

    /** Returns the nodes that a running node's {@code CLUSTER NODES} lists as masters not marked failed, by port. */
    public List<RedisNode> masters() {
        return nodesWithRole("master");
    }

    /** Returns the nodes that a running node's {@code CLUSTER NODES} lists as replicas not marked failed, by port. */
    public List<RedisNode> replicas() {
        return nodesWithRole("slave");
    }

    /** Sends FLUSHALL to every current master. */
    public void flushAll() {
        masters().forEach(master -> master.command("FLUSHALL"));
    }

    /**
     * Kills with SIGKILL the running master with the lowest port that has a replica, and returns it; {@link
     * RedisNode#restart()} brings it back as a replica of its successor.
     *
     * @throws IllegalStateException when no running master has a replica
     */
    public RedisNode killMasterWithReplica() {
        List<ClusterNodeLine> view = ClusterNodeLine.parse(anyRunningNode());
        for (RedisNode master : masters()) {
            String masterId = view.stream().filter(line -> line.port() == master.port())
                    .map(ClusterNodeLine::id).findFirst().orElse("");
            boolean hasReplica = view.stream()
                    .anyMatch(line -> line.isReplica() && !line.isFailed() && line.masterId().equals(masterId));
            if (hasReplica && master.isAlive()) {
                master.kill();
                return master;
            }
        }
        throw new IllegalStateException("no running master of " + this + " has a replica (replicas per master: "
                + replicasPerMaster + ")");
    }

    /**
     * Waits until every running node says {@code cluster_state:ok} with all 16384 slots assigned and ok, every slot
     * owner is a running node not marked failed, and every running replica is in sync. After a master is killed this
     * means its replica has taken over.
     *
     * @throws IllegalStateException on timeout, with the last thing still missing
     */
    public void awaitClusterOk(Duration timeout) {
        Poll.until(this + " to reach cluster_state:ok", timeout, () -> isHealthy(false));
    }

    /** Stops every node in reverse order of start and deletes their directories; idempotent. */
    @Override
    public void close() {
        group.close();
    }

    @Override
    public String toString() {
        return "cluster of " + masterCount + " masters x " + replicasPerMaster + " replicas "
                + group.all().stream().map(RedisNode::port).toList();
    }

    // What `redis-cli --cluster create` does, as plain commands, so no redis-cli is needed: the first masterCount
    // nodes take the slots in equal ranges in order, with distinct config epochs, meet each other, and every other
    // node replicates a master in turn.
    private void createCluster() {
        List<RedisNode> nodes = group.all();
        List<RedisNode> masters = nodes.subList(0, masterCount);
        double perMaster = (double) SLOTS / masterCount;
        int first = 0;
        for (int i = 0; i < masterCount; i++) {
            int last = i == masterCount - 1 ? SLOTS - 1 : (int) Math.round((i + 1) * perMaster - 1);
            List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = first; slot <= last; slot++) {
                command.add(Integer.toString(slot));
            }
            masters.get(i).command(command.toArray(String[]::new));
            first = last + 1;
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
        RedisNode introducer = nodes.get(0);
        for (RedisNode node : nodes.subList(1, nodes.size())) {
            introducer.command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()));
        }
        Poll.until(this + " nodes to meet", startTimeout, () -> {
            for (RedisNode node : nodes) {
                String known = ClusterNodeLine.clusterInfo(node).get("cluster_known_nodes");
                Poll.check(String.valueOf(nodes.size()).equals(known), node + " knows " + known + " nodes");
            }
            return Boolean.TRUE;
        });
        List<RedisNode> replicas = nodes.subList(masterCount, nodes.size());
        for (int i = 0; i < replicas.size(); i++) {
            String masterId = (String) masters.get(i % masterCount).command("CLUSTER", "MYID");
            replicas.get(i).command("CLUSTER", "REPLICATE", masterId);
        }
    }

    private Boolean isHealthy(boolean expectAllNodesKnown) {
        List<RedisNode> nodes = group.all();
        for (RedisNode node : nodes) {
            if (!node.isAlive()) {
                continue;
            }
            Map<String, String> info = ClusterNodeLine.clusterInfo(node);
            String state = info.get("cluster_state");
            Poll.check("ok".equals(state), node + " has cluster_state:" + state);
            Poll.check(String.valueOf(SLOTS).equals(info.get("cluster_slots_assigned"))
                    && String.valueOf(SLOTS).equals(info.get("cluster_slots_ok")), node + " has slots " + info);
            Poll.check(!expectAllNodesKnown || String.valueOf(nodes.size()).equals(info.get("cluster_known_nodes")),
                    node + " knows " + info.get("cluster_known_nodes") + " of " + nodes.size() + " nodes");
            for (ClusterNodeLine line : ClusterNodeLine.parse(node)) {
                Poll.check(!line.hasSlots() || !line.isFailed() && isRunning(line.port()),
                        node + " sees slots on unavailable node " + line);
            }
            Map<String, String> replication = node.info("replication");
            Poll.check(!"slave".equals(replication.get("role")) || "up".equals(replication.get("master_link_status")),
                    node + " is a replica not in sync with its master");
        }
        return Boolean.TRUE;
    }

    private boolean isRunning(int port) {
        return group.all().stream().anyMatch(node -> node.port() == port && node.isAlive());
    }

    private List<RedisNode> nodesWithRole(String role) {
        List<RedisNode> all = nodes();
        List<RedisNode> result = new ArrayList<>();
        for (ClusterNodeLine line : ClusterNodeLine.parse(anyRunningNode())) {
            if (line.flags().contains(role) && !line.isFailed()) {
                all.stream().filter(node -> node.port() == line.port()).findFirst().ifPresent(result::add);
            }
        }
        result.sort(Comparator.comparingInt(RedisNode::port));
        return result;
    }

    private RedisNode anyRunningNode() {
        return nodes().stream().filter(RedisNode::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of " + this + " is running"));
    }

    /** Options for a cluster; every setter returns this builder. */
    public static final class Builder {

        private int masters = DEFAULT_MASTERS;
        private int replicasPerMaster = DEFAULT_REPLICAS_PER_MASTER;
        private Duration nodeTimeout = DEFAULT_NODE_TIMEOUT;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {
        }

        /** Sets the number of masters; at least 3, as redis-cli requires for a cluster. */
        public Builder masters(int masters) {
            if (masters < 3) {
                throw new IllegalArgumentException("masters: " + masters + " (expected: >= 3)");
            }
            this.masters = masters;
            return this;
        }

        /** Sets the number of replicas per master; 1 or more for failover tests. */
        public Builder replicasPerMaster(int replicasPerMaster) {
            if (replicasPerMaster < 0) {
                throw new IllegalArgumentException("replicasPerMaster: " + replicasPerMaster + " (expected: >= 0)");
            }
            this.replicasPerMaster = replicasPerMaster;
            return this;
        }

        /** Sets {@code cluster-node-timeout}, after which an unreachable master is failed over. */
        public Builder nodeTimeout(Duration nodeTimeout) {
            if (nodeTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("nodeTimeout: " + nodeTimeout + " (expected: >= PT0.1S)");
            }
            this.nodeTimeout = nodeTimeout;
            return this;
        }

        /** Sets how long {@link RedisClusterSet#start()} waits for the cluster. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** Returns a stopped cluster with these options. */
        public RedisClusterSet build() {
            return new RedisClusterSet(this);
        }
    }
}
