package io.presenced;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.presenced.config.UserStatusConfig;
import io.presenced.presence.UserConnections;
import io.presenced.redis.RedisConnections;
import io.presenced.status.InMemoryStatusStore;
import io.presenced.status.RedisStatusStore;
import io.presenced.status.StatusModel;
import io.presenced.status.StatusStore;
import io.presenced.status.UserStatusService;
import io.presenced.tasks.BackgroundTasks;

/**
 * Wires user status: the store its config names (the Redis it resolved to, or memory), its expiry sweep, and the
 * service over them.
 */
final class UserStatusWiring {

    private static final String SWEEP_TASK = "user-status-sweep";
    // Every Redis bucket is visited about every ten minutes; expired records are invisible before that.
    private static final Duration REDIS_SWEEP_ROUND = Duration.ofMinutes(10);
    // The memory sweep walks every record: it runs less often than the Redis one.
    private static final int MEMORY_SWEEP_FACTOR = 30;

    private UserStatusWiring() {
    }

    /** Creates the service and schedules its sweep on {@code housekeeping}. */
    static UserStatusService start(UserStatusConfig config, RedisConnections redis, Clock clock,
                                   BackgroundTasks tasks, ScheduledExecutorService housekeeping,
                                   UserConnections live) {
        return new UserStatusService(store(config, redis, clock, tasks, housekeeping), clock, config.expireInterval(),
                new StatusModel(config.idleAfter(), config.offlineAfter()), config.maxDevices(), live);
    }

    private static StatusStore store(UserStatusConfig config, RedisConnections redis, Clock clock,
                                     BackgroundTasks tasks, ScheduledExecutorService housekeeping) {
        if (config.redis().isPresent()) {
            RedisStatusStore store = new RedisStatusStore(redis.get(config.redis().get()), config.buckets(), clock);
            Duration every = config.sweepInterval();
            int perRun = (int) Math.min(store.buckets(),
                    Math.max(1, (long) store.buckets() * every.toMillis() / REDIS_SWEEP_ROUND.toMillis()));
            AtomicInteger cursor = new AtomicInteger();
            tasks.every(housekeeping, SWEEP_TASK, every, every, () -> {
                int from = Math.floorMod(cursor.getAndAdd(perRun), store.buckets());
                BackgroundTasks.await(store.sweep(from, perRun), Duration.ofSeconds(10));
            });
            return store;
        }
        InMemoryStatusStore store = new InMemoryStatusStore(clock);
        Duration every = config.sweepInterval().multipliedBy(MEMORY_SWEEP_FACTOR);
        tasks.every(housekeeping, SWEEP_TASK, every, every, store::sweep);
        return store;
    }
}
