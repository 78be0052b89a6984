package io.presenced.testing;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.presenced.testing.redis.RedisClusterSet;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSentinelSet;
import io.presenced.testing.redis.RedisShardSet;
import io.presenced.testing.redis.RedisSupport;

/**
 * The engine set-ups that engine-independent suites run against. Each produces a config JSON fragment; Redis
 * set-ups start their shared Redis on first use and are flushed before each server starts.
 */
public final class Engines {

    private Engines() {
    }

    /**
     * One engine set-up.
     *
     * @param name   shown in test names
     * @param config returns the {@code "engine": {...}} JSON members (without braces) after resetting its data
     */
    public record Engine(String name, Supplier<String> config) {

        /** Returns a whole config: the engine plus {@code extra} JSON members (may be empty). */
        public String configWith(String extra) {
            String e = config.get();
            return "{" + e + (extra.isEmpty() ? "" : "," + extra) + "}";
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The embedded memory engine. */
    public static Engine memory() {
        return new Engine("memory", () -> "\"engine\":{\"type\":\"memory\"}");
    }

    /** A standalone Redis. */
    public static Engine redisStandalone() {
        return new Engine("redis-standalone", () -> {
            RedisNode redis = RedisSupport.standalone();
            redis.command("FLUSHALL");
            return redisEngine("\"address\":\"" + redis.uri() + "\"");
        });
    }

    /** A master and replica watched by three Sentinels. */
    public static Engine redisSentinel() {
        return new Engine("redis-sentinel", () -> {
            RedisSentinelSet sentinel = RedisSupport.sentinel();
            sentinel.flushAll();
            return redisEngine("\"sentinel_address\":" + jsonList(sentinel.sentinelUris())
                    + ",\"sentinel_master_name\":\"" + sentinel.masterName() + "\"");
        });
    }

    /** A Redis Cluster of three masters. */
    public static Engine redisCluster() {
        return new Engine("redis-cluster", () -> {
            RedisClusterSet cluster = RedisSupport.cluster();
            cluster.flushAll();
            return redisEngine("\"cluster_address\":" + jsonList(cluster.seedUris()));
        });
    }

    /** Three standalone nodes as client-side shards. */
    public static Engine redisShards() {
        return new Engine("redis-3-shards", () -> {
            RedisShardSet shards = RedisSupport.shards();
            shards.flushAll();
            return redisEngine("\"address\":" + jsonList(shards.uris()));
        });
    }

    /** The engine sets a suite runs against; see {@link EachEngine}. */
    public enum Set {

        /** Every engine a feature must behave the same on. */
        ALL,

        /**
         * The embedded engine and a standalone Redis: for suites whose cost is mostly waiting (outages, delays),
         * where the topology adds nothing the cheaper suites do not already prove on every topology.
         */
        CORE;

        /** Returns a fresh set-up of each engine of this set, in a fixed order. */
        public Stream<Engine> engines() {
            return switch (this) {
                case ALL -> Stream.of(memory(), redisStandalone(), redisSentinel(), redisCluster(), redisShards());
                case CORE -> Stream.of(memory(), redisStandalone());
            };
        }
    }

    private static String redisEngine(String redisMembers) {
        return "\"engine\":{\"type\":\"redis\",\"redis\":{" + redisMembers + "}}";
    }

    private static String jsonList(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
