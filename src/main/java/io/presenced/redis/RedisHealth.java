package io.presenced.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.presenced.concurrent.Futures;

/**
 * The state of every Redis setup a node uses, for its health and readiness routes: a setup is up when every one
 * of its nodes answers {@code PING} within {@link #PING_TIMEOUT}. A result is reused for {@link #CACHE_TIME}, so
 * probes cost at most one {@code PING} per node per second, however often they arrive.
 *
 * <p>Thread-safe; never blocks.
 */
public final class RedisHealth {

    public static final Duration CACHE_TIME = Duration.ofSeconds(1);
    public static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private final Supplier<List<RedisTopology>> setups;
    private final Function<RedisTopology, String> warnings;
    private final LongSupplier nanoTime;
    private final Map<RedisTopology, Probe> probes = new ConcurrentHashMap<>();

    /**
     * Creates the checker over the setups {@code connections} has opened, with the warnings {@code policies} has
     * about them.
     */
    public RedisHealth(RedisConnections connections, EvictionPolicyCheck policies) {
        this(connections::all, policies::warning, System::nanoTime);
    }

    RedisHealth(Supplier<List<RedisTopology>> setups, Function<RedisTopology, String> warnings,
                LongSupplier nanoTime) {
        this.setups = requireNonNull(setups, "setups");
        this.warnings = requireNonNull(warnings, "warnings");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    }

    /** Returns the state of each setup, in the order they were opened; an empty list when there is no Redis. */
    public CompletionStage<List<SetupState>> check() {
        long now = nanoTime.getAsLong();
        List<CompletableFuture<SetupState>> states = new ArrayList<>();
        for (RedisTopology t : setups.get()) {
            Probe p = probes.compute(t, (k, old) -> old != null && now - old.startedAt < CACHE_TIME.toNanos()
                    ? old : new Probe(now, probe(k)));
            states.add(p.result);
        }
        return Futures.all(states);
    }

    private CompletableFuture<SetupState> probe(RedisTopology t) {
        return t.ping().toCompletableFuture()
                .orTimeout(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((v, e) -> new SetupState(t.describe(), t.prefix(), e == null,
                        e == null ? "" : reason(t, Futures.unwrap(e)), warnings.apply(t)));
    }

    private static String reason(RedisTopology t, Throwable e) {
        if (e instanceof TimeoutException) {
            return "redis " + t.describe() + ": no answer to PING within " + PING_TIMEOUT.toMillis() + " ms";
        }
        return e instanceof RedisUnavailableException ? e.getMessage() : RedisUnavailableException.reason(e);
    }

    /**
     * The state of one setup.
     *
     * @param setup  the setup's description, without secrets
     * @param prefix the setup's key prefix, which tells apart setups on the same Redis
     * @param up     whether every node answered {@code PING}
     * @param error   why it is down: the first failing node and its failure; empty when up
     * @param warning a setting that puts data at risk (an eviction policy), empty when there is none; a warning
     *                does not make the setup down
     */
    public record SetupState(String setup, String prefix, boolean up, String error, String warning) {
    }

    private record Probe(long startedAt, CompletableFuture<SetupState> result) {
    }
}
