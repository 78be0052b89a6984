package io.presenced.testing.redis;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * JUnit 5 entry point to Redis for integration tests: the {@code -DskipRedisTests=true} switch and one shared,
 * lazily started instance of each topology per JVM, killed (and its files deleted) by a shutdown hook.
 *
 * <p>Shared instances hold data from other test classes: flush it ({@code node.command("FLUSHALL")}, {@code
 * flushAll()}) before use. Never kill, stop or close them; tests that do must start their own and close it.
 */
public final class RedisSupport {

    /** The system property, set by Failsafe from {@code -DskipRedisTests}, that turns Redis-backed tests off. */
    public static final String SKIP_PROPERTY = "presenced.skipRedisTests";

    /** The reason skipped tests report; skipping this way is the only allowed way to not run them. */
    public static final String SKIP_REASON = "Redis tests skipped by -DskipRedisTests=true";

    private static final Shared<RedisNode> STANDALONE =
            new Shared<>("standalone", () -> RedisNode.builder().name("shared-standalone").build(), RedisNode::start);
    private static final Shared<RedisSentinelSet> SENTINEL =
            new Shared<>("sentinel", RedisSentinelSet::create, RedisSentinelSet::start);
    private static final Shared<RedisClusterSet> CLUSTER =
            new Shared<>("cluster", RedisClusterSet::create, RedisClusterSet::start);
    private static final Shared<RedisShardSet> SHARDS =
            new Shared<>("shards", RedisShardSet::create, RedisShardSet::start);

    private RedisSupport() {
    }

    /** Returns whether Redis-backed tests are switched off by {@value #SKIP_PROPERTY}=true. */
    public static boolean isSkipped() {
        return Boolean.getBoolean(SKIP_PROPERTY);
    }

    /** Aborts the calling test (reported as skipped, with {@link #SKIP_REASON}) when Redis tests are switched off. */
    public static void assumeRedisTestsEnabled() {
        if (isSkipped()) {
            Assumptions.abort(SKIP_REASON);
        }
    }

    /** Returns the JVM's shared standalone node, starting it on first use; aborts the test if Redis is skipped. */
    public static RedisNode standalone() {
        return STANDALONE.get();
    }

    /** Returns the JVM's shared sentinel set, starting it on first use; aborts the test if Redis is skipped. */
    public static RedisSentinelSet sentinel() {
        return SENTINEL.get();
    }

    /** Returns the JVM's shared 3-master cluster, starting it on first use; aborts the test if Redis is skipped. */
    public static RedisClusterSet cluster() {
        return CLUSTER.get();
    }

    /** Returns the JVM's shared set of 3 standalone shards, starting it on first use; aborts if Redis is skipped. */
    public static RedisShardSet shards() {
        return SHARDS.get();
    }

    /** One lazily started instance; a failed start is remembered so later tests fail fast with the same cause. */
    private static final class Shared<T extends AutoCloseable> {

        private final String name;
        private final Supplier<T> factory;
        private final Consumer<T> starter;
        private T instance;
        private RuntimeException startFailure;

        Shared(String name, Supplier<T> factory, Consumer<T> starter) {
            this.name = name;
            this.factory = factory;
            this.starter = starter;
        }

        synchronized T get() {
            assumeRedisTestsEnabled();
            if (startFailure != null) {
                throw new IllegalStateException("shared " + name + " Redis failed to start earlier", startFailure);
            }
            if (instance == null) {
                // Not closed explicitly: every node registers itself with ProcessReaper, whose shutdown hook kills
                // the processes newest first and deletes their directories, which is all close() would do.
                T created = factory.get();
                try {
                    starter.accept(created);
                } catch (RuntimeException e) {
                    startFailure = e;
                    throw e;
                }
                instance = created;
            }
            return instance;
        }
    }
}
