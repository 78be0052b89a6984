package io.presenced.presence.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.presenced.concurrent.Futures;
import io.presenced.redis.RedisScript;
import io.presenced.redis.RedisTopology;
import io.presenced.state.PartitionOwnership;
import io.presenced.tasks.BackgroundTasks;

/**
 * Partition ownership through leases in Redis: {@code {prefix.pN}.lease} holds the owner's node id with an
 * expiry. The owner renews well inside the expiry; a free partition goes to the first node that claims it.
 *
 * <p>A node counts a lease as its own only until {@code send time + ttl - margin}, measured on its own monotonic
 * clock from before the claim was sent, so it stops delivering before any other node can have claimed the
 * partition, even if its renewals stall.
 */
public final class RedisPartitionLeases implements PartitionOwnership {

    private static final Logger log = LoggerFactory.getLogger(RedisPartitionLeases.class);
    private static final String TASK = "partition-leases";
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(1);

    // KEYS: the lease. ARGV: node id[, ttl ms]. Each acts only while this node holds the lease; 1 when it did.
    private static final RedisScript RENEW = RedisScript.load(ScriptOutputType.INTEGER, "lua/presence/lease-renew.lua");
    private static final RedisScript RELEASE =
            RedisScript.load(ScriptOutputType.INTEGER, "lua/presence/lease-release.lua");

    private final RedisTopology redis;
    private final PresenceKeys keys;
    private final String nodeId = UUID.randomUUID().toString();
    private final BackgroundTasks tasks;
    private final long ttlMillis;
    private final long marginNanos;
    private final AtomicLongArray ownedUntilNanos;
    // Partitions claimed since the last round, logged together rather than one line each.
    private final Queue<Integer> gained = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("presenced-leases", true));

    /** Creates the leases of the store's partitions; call {@link #start()} to begin claiming. */
    public RedisPartitionLeases(RedisTopology redis, RedisPresenceStore store, Duration ttl, BackgroundTasks tasks) {
        this.redis = redis;
        this.tasks = tasks;
        this.keys = store.keys();
        this.ttlMillis = ttl.toMillis();
        this.marginNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(ttlMillis / 5, 1));
        this.ownedUntilNanos = new AtomicLongArray(keys.partitions());
    }

    /** Starts claiming and renewing, every third of the lease time. */
    public void start() {
        tasks.every(scheduler, TASK, Duration.ZERO, Duration.ofMillis(Math.max(ttlMillis / 3, 1)), this::round);
    }


    @Override
    public boolean owns(int partition) {
        return System.nanoTime() < ownedUntilNanos.get(partition);
    }


    private void round() {
        List<Integer> claimed = new ArrayList<>();
        for (Integer p = gained.poll(); p != null; p = gained.poll()) {
            claimed.add(p);
        }
        if (!claimed.isEmpty()) {
            Collections.sort(claimed);
            log.info("{} partitions now delivered by this node: {}", claimed.size(), claimed);
        }
        // One failure per round is counted, not one per partition: they share a cause (Redis is down).
        Throwable failure = null;
        for (int p = 0; p < ownedUntilNanos.length(); p++) {
            try {
                claimOrRenew(p);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            tasks.failed(TASK, failure);
        }
    }

    private void claimOrRenew(int partition) {
        long sentAt = System.nanoTime();
        String key = keys.lease(partition);
        var commands = redis.commandsFor(key);
        if (owns(partition)) {
            RENEW.<Long>run(commands, new String[] {key}, nodeId, Long.toString(ttlMillis))
                    .whenComplete((r, e) -> settle(partition, sentAt, e == null && r == 1L, e));
        } else {
            commands.set(key, nodeId, SetArgs.Builder.nx().px(ttlMillis))
                    .whenComplete((r, e) -> {
                        boolean won = e == null && "OK".equals(r);
                        if (won) {
                            gained.add(partition);
                        }
                        settle(partition, sentAt, won, null);
                    });
        }
    }

    private void settle(int partition, long sentAt, boolean held, Throwable error) {
        if (held) {
            ownedUntilNanos.set(partition, sentAt + TimeUnit.MILLISECONDS.toNanos(ttlMillis) - marginNanos);
        } else if (owns(partition) && error == null) {
            ownedUntilNanos.set(partition, 0);
            log.warn("[partition {}] lease lost to another node", partition);
        }
    }

    /**
     * Stops renewing and releases the partitions this node holds, so another node takes them over at once. Waits
     * at most {@link #RELEASE_WAIT} in all: a lease not released expires by itself within its ttl.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        List<CompletableFuture<?>> releases = new ArrayList<>();
        for (int p = 0; p < ownedUntilNanos.length(); p++) {
            if (owns(p)) {
                ownedUntilNanos.set(p, 0);
                String key = keys.lease(p);
                try {
                    releases.add(RELEASE.run(redis.commandsFor(key), new String[] {key}, nodeId)
                            .toCompletableFuture());
                } catch (RuntimeException e) {
                    // Not connected: the lease expires on its own.
                }
            }
        }
        try {
            Futures.allOf(releases).get(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Not every lease was released ({}); the rest expire within {} ms", e.toString(), ttlMillis);
        }
    }
}
