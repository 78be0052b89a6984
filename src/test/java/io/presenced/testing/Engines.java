package io.presenced.testing;

import java.util.function.Supplier;
import java.util.stream.Stream;

import io.presenced.testing.redis.RedisNode;
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
            return "\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\"}}";
        });
    }

    /** Every engine a feature must behave the same on. */
    public static Stream<Engine> all() {
        return Stream.of(memory(), redisStandalone());
    }
}
