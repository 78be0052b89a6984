package io.presenced;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.config.ChannelConfig;
import io.presenced.config.ChannelStateConfig;
import io.presenced.config.PresenceConfig;
import io.presenced.config.RedisConfig;
import io.presenced.config.UserStatusConfig;
import io.presenced.delivery.EventNaming;
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
import io.presenced.presence.UserConnections;
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
import io.presenced.status.RedisWatchFanout;
import io.presenced.status.StatusEventSink;
import io.presenced.status.StatusEvents;
import io.presenced.status.UserStatusService;
import io.presenced.status.WatchSink;
import io.presenced.status.WatchUpdate;
import io.presenced.status.WatchUpdates;
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
    private StateMetrics userMetrics;
    private NodeClients nodeClients = NodeClients.NONE;
    private final PresenceFeed feed = new PresenceFeed();
    private final String nodeId = UUID.randomUUID().toString();
    private RedisPresenceFanout fanout;
    private RedisWatchFanout watchFanout;
    private volatile WatchUpdates watchers = updates -> { };

    ChannelWiring(PresenceConfig config, Clock clock, BackgroundTasks tasks, Consumer<AutoCloseable> started) {
        this.config = config;
        this.clock = clock;
        this.tasks = tasks;
        this.started = started;
    }

    StateMetrics stateMetrics() {
        return stateMetrics;
    }

    /** Returns the user-event counters, or {@code null} when user events are not delivered. */
    StateMetrics userMetrics() {
        return userMetrics;
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

    /**
     * Sends every watch update, this node's and (on Redis) the other nodes', to {@code listener} (the node's client
     * hub).
     */
    void listenWatch(WatchUpdates listener) {
        watchers = listener;
        if (watchFanout != null) {
            watchFanout.start(listener);
        }
    }

    private void deliverWatch(List<WatchUpdate> updates) {
        watchers.deliver(updates);
    }

    /** The node lease of the clients this node holds: on Redis a lease other nodes watch; none on memory. */
    NodeClients nodeClients() {
        return nodeClients;
    }

    /**
     * Creates the presence store (memory, or the presence Redis), the channel-state engine when a namespace sends
     * state events, the users' live connections when user events are delivered, and the presence service over
     * them; schedules the expiry sweep on {@code housekeeping}. Blocks while verifying the partition count against
     * Redis: call at start-up.
     */
    PresenceService start(RedisConnections redis, ScheduledExecutorService housekeeping, Namespaces namespaces,
                          Consumer<List<String>> markOnline, Supplier<UserStatusService> statusService) {
        ChannelConfig channels = config.channel();
        Partitioner partitioner = new Partitioner(channels.numPartitions());
        stateMetrics = new StateMetrics(partitioner.count());
        RedisConfig presenceRedis = config.presenceRedis().orElse(null);
        RedisTopology topology = presenceRedis == null ? null : redis.get(presenceRedis);
        Stream channelStream = stream(Stream.CHANNELS, "", topology, presenceRedis, housekeeping, partitioner,
                channels.state(), namespaces.statePolicy(), stateMetrics,
                channels.hasStateEvents() ? s -> EventSinks.create(s, clock) : null, feed);
        UserConnections users = UserConnections.NONE;
        UserStatusConfig userStatus = config.userStatus();
        if (userStatus.hasEvents() || userStatus.watched()) {
            StatusEvents status = new StatusEvents(statusService);
            UserConnections.Stream backend = null;
            if (userStatus.hasEvents()) {
                userMetrics = new StateMetrics(partitioner.count());
                backend = userStream(Stream.USERS, ".u", topology, presenceRedis, housekeeping, partitioner,
                        userStatus.events(), userMetrics,
                        s -> new StatusEventSink(status, EventSinks.create(s, clock, EventNaming.USERS)));
            }
            UserConnections.Stream watch = null;
            if (userStatus.watched()) {
                if (topology != null) {
                    watchFanout = new RedisWatchFanout(topology, nodeId);
                    started.accept(watchFanout);
                }
                // Watchers need no endpoint: the stream's sink is the push to them, and it polls like any stream.
                watch = userStream(Stream.WATCH, ".w", topology, presenceRedis, housekeeping, partitioner,
                        userStatus.events(), new StateMetrics(partitioner.count()),
                        s -> new WatchSink(status, this::deliverWatch, watchFanout));
            }
            users = new UserConnections(backend, watch);
        }
        OnlineTracker online = new OnlineTracker(markOnline, clock, config.presenceUpdateInterval());
        PresenceService service = new PresenceService(channelStream.store(), clock, channels.presenceTtl(), online,
                channelStream.queued(), users);
        tasks.every(housekeeping, "presence-sweep", SWEEP_INTERVAL, SWEEP_INTERVAL, () -> sweep(service));
        if (presenceRedis != null) {
            RedisNodeLeases leases = new RedisNodeLeases(topology, service, nodeId,
                    config.node().leaseTtl(), presenceRedis.ioTimeout(), tasks);
            started.accept(leases);
            leases.start();
            nodeClients = leases;
            fanout = new RedisPresenceFanout(topology, partitioner, nodeId, namespaces::emitsJoinLeave);
            started.accept(fanout);
            feed.add(fanout);
        }
        return service;
    }

    private UserConnections.Stream userStream(String name, String suffix, RedisTopology topology,
                                              RedisConfig presenceRedis, ScheduledExecutorService housekeeping,
                                              Partitioner partitioner, ChannelStateConfig state, StateMetrics metrics,
                                              Function<ChannelStateConfig, EventSink> sink) {
        Stream s = stream(name, suffix, topology, presenceRedis, housekeeping, partitioner, state, user -> "ov",
                metrics, sink, PresenceEvents.NONE);
        return new UserConnections.Stream(s.store(), s.queued());
    }

    /**
     * One presence model with its event stream: the store (keys under the topology's prefix plus {@code suffix} on
     * Redis), and, when it has a {@code sink}, the partition leases, the delivery engine and the sink.
     */
    private Stream stream(String name, String suffix, RedisTopology topology, RedisConfig presenceRedis,
                          ScheduledExecutorService housekeeping, Partitioner partitioner, ChannelStateConfig state,
                          StatePolicy policy, StateMetrics metrics, Function<ChannelStateConfig, EventSink> sink,
                          PresenceEvents events) {
        StateListener drops = new DropLogger(partitioner, metrics);
        PresenceStore store;
        StateOutbox outbox;
        PartitionOwnership ownership = PartitionOwnership.ALL;
        if (topology != null) {
            RedisPresenceStore redisStore = new RedisPresenceStore(topology, topology.prefix() + suffix, partitioner,
                    state, policy, drops, events);
            RedisStateOutbox redisOutbox = redisStore.outbox();
            new PartitionCountGuard(redisOutbox, state.allowPartitionChange(), tasks)
                    .verify(presenceRedis.connectTimeout().plus(presenceRedis.ioTimeout()), housekeeping);
            if (sink != null) {
                RedisPartitionLeases leases = new RedisPartitionLeases(topology, redisStore, state.leaseTtl(), tasks);
                started.accept(leases);
                leases.start();
                ownership = leases;
            }
            store = redisStore;
            outbox = redisOutbox;
        } else {
            InMemoryPresenceStore memoryStore =
                    new InMemoryPresenceStore(partitioner, state, policy, clock, drops, events);
            store = memoryStore;
            outbox = memoryStore.outbox();
        }
        started.accept(store);
        StateListener queued = StateListener.NONE;
        if (sink != null) {
            EventSink delivery = sink.apply(state);
            started.accept(delivery);
            ChannelStateEngine engine = new ChannelStateEngine(name, outbox, ownership, delivery, state, metrics,
                    clock, tasks);
            started.accept(engine);
            engine.start();
            queued = new EngineWakeup(engine, partitioner, drops);
        }
        return new Stream(store, queued);
    }

    /** A presence model and what wakes its delivery. */
    private record Stream(PresenceStore store, StateListener queued) {
        static final String CHANNELS = "channel-state";
        static final String USERS = "user-events";
        static final String WATCH = "watch";
    }

    private static void sweep(PresenceService presence) {
        int removed = BackgroundTasks.await(presence.sweep(), SWEEP_INTERVAL.multipliedBy(10));
        if (removed > 0) {
            log.debug("Presence sweep removed {} expired entries", removed);
        }
    }

}
