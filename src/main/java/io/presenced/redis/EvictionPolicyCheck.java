package io.presenced.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.concurrent.Futures;
import io.presenced.tasks.BackgroundTasks;

/**
 * Watches the eviction policy of every Redis node a node uses. presenced keeps state that must not vanish under
 * memory pressure: the channel-state keys (queued events, pending vacates, occupancy) have no TTL and the client
 * index keys do, so any {@code maxmemory-policy} other than {@code noeviction} can drop queued events or evict a
 * client's index and produce false vacated events. {@code volatile-*} policies are not safe either.
 *
 * <p>The policy is read from {@code INFO memory} (which managed services that rename {@code CONFIG} still serve)
 * when the node starts, after every (re)connection Lettuce reports, and every {@link #INTERVAL} as a safety net. An
 * unsafe policy is logged once per change, shown in {@code /ready}'s details and exported as the gauge
 * {@code presenced_redis_unsafe_eviction_policy}. It is a warning, not a refusal: the node keeps serving.
 *
 * <p>Thread-safe; never blocks.
 */
public final class EvictionPolicyCheck {

    /** How often the policy is read again, when no reconnection triggered a read. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    static final String SAFE_POLICY = "noeviction";

    private static final Logger log = LoggerFactory.getLogger(EvictionPolicyCheck.class);
    private static final String TASK = "redis-eviction-policy";

    private final RedisConnections connections;
    private final BackgroundTasks tasks;
    private final Map<RedisTopology, String> warnings = new ConcurrentHashMap<>();

    /** Creates the check of the setups {@code connections} opens; nothing runs until {@link #start}. */
    public EvictionPolicyCheck(RedisConnections connections, BackgroundTasks tasks) {
        this.connections = connections;
        this.tasks = tasks;
    }

    /** Checks now, after every reconnection and every {@link #INTERVAL}, on {@code executor}. */
    public void start(ScheduledExecutorService executor) {
        tasks.every(executor, TASK, Duration.ZERO, INTERVAL, this::checkAll);
        connections.onConnected(() -> {
            try {
                // A little later: the event comes before the connection is handed to its user.
                executor.schedule(tasks.guard(TASK, this::checkAll), 200, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Shutting down.
            }
        });
    }

    /** Returns the current warning of {@code setup}: empty when every node evicts nothing (or is not read yet). */
    public String warning(RedisTopology setup) {
        return warnings.getOrDefault(setup, "");
    }

    /** Returns how many setups have a node with an unsafe policy. */
    public long unsafeSetups() {
        return warnings.values().stream().filter(w -> !w.isEmpty()).count();
    }

    /** Reads every setup's policies once; completes when all answered or failed (a failed read changes nothing). */
    CompletionStage<Void> checkAll() {
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (RedisTopology t : connections.all()) {
            reads.add(t.eachNode(c -> c.info("memory")).thenAccept(infos -> settle(t, infos))
                    .exceptionally(e -> null));
        }
        return Futures.allOf(reads);
    }

    private void settle(RedisTopology setup, Map<String, String> infos) {
        List<String> unsafe = new ArrayList<>();
        infos.forEach((node, info) -> {
            String policy = policyOf(info);
            if (!SAFE_POLICY.equals(policy)) {
                unsafe.add(node + " has maxmemory-policy " + policy);
            }
        });
        String warning = unsafe.isEmpty() ? "" : String.join("; ", unsafe) + " (expected: " + SAFE_POLICY
                + "; under memory pressure Redis may evict queued channel-state events or client index keys)";
        String before = warnings.put(setup, warning);
        if (!warning.equals(before == null ? "" : before) && !warning.isEmpty()) {
            log.warn("[redis {}] {}", setup.describe(), warning);
        } else if (!warning.equals(before) && before != null && !before.isEmpty()) {
            log.info("[redis {}] every node now has maxmemory-policy {}", setup.describe(), SAFE_POLICY);
        }
    }

    /** Returns the {@code maxmemory_policy} field of an {@code INFO memory} reply, or {@code unknown}. */
    static String policyOf(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("maxmemory_policy:")) {
                return line.substring("maxmemory_policy:".length()).trim();
            }
        }
        return "unknown";
    }
}
