package io.presenced;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.config.ChannelConfig;
import io.presenced.config.ChannelStateConfig;
import io.presenced.config.PresenceConfig;
import io.presenced.config.RedisConfig;
import io.presenced.delivery.EventSinks;
import io.presenced.presence.DropLogger;
import io.presenced.presence.Namespaces;
import io.presenced.presence.NodeClients;
import io.presenced.presence.PresenceEvents;
import io.presenced.presence.PresenceFeed;
import io.presenced.presence.OnlineTracker;
import io.presenced.presence.Partitioner;
import io.presenced.presence.PresenceService;
import io.presenced.presence.PresenceStore;
import io.presenced.presence.StateListener;
import io.presenced.presence.StatePolicy;
import io.presenced.presence.memory.InMemoryPresenceStore;
import io.presenced.presence.redis.PartitionCountGuard;
import io.presenced.presence.redis.RedisNodeLeases;
import io.presenced.presence.redis.RedisPresenceFanout;
import io.presenced.presence.redis.RedisPartitionLeases;
import io.presenced.presence.redis.RedisPresenceStore;
import io.presenced.presence.redis.RedisStateOutbox;
import io.presenced.redis.RedisConnections;
import io.presenced.redis.RedisTopology;
import io.presenced.state.ChannelStateEngine;
import io.presenced.state.EventSink;
import io.presenced.state.PartitionOwnership;
import io.presenced.state.StateMetrics;
import io.presenced.state.StateOutbox;
import io.presenced.tasks.BackgroundTasks;

/**
 * Wires channel presence and channel state of one node: the store, the partition leases, the delivery engine
 * and its sink. Everything it starts is handed to {@code started}, so the node closes it in reverse order.
 */
final class ChannelWiring {

    private static final Logger log = LoggerFactory.getLogger(ChannelWiring.class);
    // Expired presence is removed within this interval of its deadline.
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final PresenceConfig config;
    private final Clock clock;
    private final BackgroundTasks tasks;
    private final Consumer<AutoCloseable> started;
    private StateMetrics stateMetrics;
    private NodeClients nodeClients = NodeClients.NONE;
    private final PresenceFeed feed = new PresenceFeed();
    private final String nodeId = UUID.randomUUID().toString();
    private RedisPresenceFanout fanout;

    ChannelWiring(PresenceConfig config, Clock clock, BackgroundTasks tasks, Consumer<AutoCloseable> started) {
        this.config = config;
        this.clock = clock;
        this.tasks = tasks;
        this.started = started;
    }

    StateMetrics stateMetrics() {
        return stateMetrics;
    }

    /**
     * Sends every join and leave of the presence model to {@code listener} (the node's client hub): this node's own
     * at once, and on Redis those of the other nodes, through the pub/sub fan-out.
     */
    void listen(PresenceEvents listener) {
        feed.add(listener);
        if (fanout != null) {
            fanout.start(listener);
        }
    }

    /** The node lease of the clients this node holds: on Redis a lease other nodes watch; none on memory. */
    NodeClients nodeClients() {
        return nodeClients;
    }

    /**
     * Creates the presence store (memory, or the presence Redis), the channel-state engine when a namespace sends
     * state events, and the presence service over them; schedules the expiry sweep on {@code housekeeping}.
     * Blocks while verifying the partition count against Redis: call at start-up.
     */
    PresenceService start(RedisConnections redis, ScheduledExecutorService housekeeping, Namespaces namespaces,
                          Consumer<List<String>> markOnline) {
        ChannelConfig channels = config.channel();
        ChannelStateConfig stateConfig = channels.state();
        Partitioner partitioner = new Partitioner(channels.numPartitions());
        stateMetrics = new StateMetrics(partitioner.count());
        StatePolicy policy = namespaces.statePolicy();
        StateListener drops = new DropLogger(partitioner, stateMetrics);
        RedisConfig presenceRedis = config.presenceRedis().orElse(null);
        PresenceStore store;
        StateOutbox outbox;
        PartitionOwnership ownership = PartitionOwnership.ALL;
        if (presenceRedis != null) {
            RedisTopology topology = redis.get(presenceRedis);
            RedisPresenceStore redisStore = new RedisPresenceStore(topology, partitioner, stateConfig, policy, drops,
                    feed);
            RedisStateOutbox redisOutbox = redisStore.outbox();
            new PartitionCountGuard(redisOutbox, stateConfig.allowPartitionChange(), tasks)
                    .verify(presenceRedis.connectTimeout().plus(presenceRedis.ioTimeout()), housekeeping);
            if (channels.hasStateEvents()) {
                RedisPartitionLeases leases =
                        new RedisPartitionLeases(topology, redisStore, stateConfig.leaseTtl(), tasks);
                started.accept(leases);
                leases.start();
                ownership = leases;
            }
            store = redisStore;
            outbox = redisOutbox;
        } else {
            InMemoryPresenceStore memoryStore =
                    new InMemoryPresenceStore(partitioner, stateConfig, policy, clock, drops, feed);
            store = memoryStore;
            outbox = memoryStore.outbox();
        }
        started.accept(store);
        StateListener queued = StateListener.NONE;
        if (channels.hasStateEvents()) {
            EventSink sink = EventSinks.create(stateConfig, clock);
            started.accept(sink);
            ChannelStateEngine engine = new ChannelStateEngine(outbox, ownership, sink, stateConfig, stateMetrics,
                    clock, tasks);
            started.accept(engine);
            engine.start();
            queued = new EngineWakeup(engine, partitioner, drops);
        }
        OnlineTracker online = new OnlineTracker(markOnline, clock, config.presenceUpdateInterval());
        PresenceService service = new PresenceService(store, clock, channels.presenceTtl(), online, queued);
        tasks.every(housekeeping, "presence-sweep", SWEEP_INTERVAL, SWEEP_INTERVAL, () -> sweep(service));
        if (presenceRedis != null) {
            RedisNodeLeases leases = new RedisNodeLeases(redis.get(presenceRedis), service, nodeId,
                    config.node().leaseTtl(), presenceRedis.ioTimeout(), tasks);
            started.accept(leases);
            leases.start();
            nodeClients = leases;
            fanout = new RedisPresenceFanout(redis.get(presenceRedis), partitioner, nodeId,
                    namespaces::emitsJoinLeave);
            started.accept(fanout);
            feed.add(fanout);
        }
        return service;
    }

    private static void sweep(PresenceService presence) {
        int removed = BackgroundTasks.await(presence.sweep(), SWEEP_INTERVAL.multipliedBy(10));
        if (removed > 0) {
            log.debug("Presence sweep removed {} expired entries", removed);
        }
    }

}
