package io.presenced.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.presenced.config.RedisConfig;
import io.presenced.redis.RedisConnections;
import io.presenced.redis.RedisTopology;
import io.presenced.testing.MutableClock;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;

/**
 * The packed Redis layout of user status: records share a few hashes, expire by their own deadline, and the
 * background sweep removes them from their bucket.
 */
class RedisStatusStoreIT {

    @Test
    void recordsShareBucketsExpireByDeadlineAndAreSweptAway() {
        RedisNode redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        MutableClock clock = new MutableClock();
        try (RedisConnections connections = new RedisConnections()) {
            RedisTopology topology = connections.get(RedisConfig.standalone(redis.uri()));
            RedisStatusStore store = new RedisStatusStore(topology, 4, clock);
            List<String> users = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
            store.touch(users, 100, 0, "", Duration.ofSeconds(10)).toCompletableFuture().join();
            store.touch(List.of("a"), 0, 200, "busy", Duration.ofSeconds(30)).toCompletableFuture().join();

            // Ten users in at most four hashes.
            assertThat((List<?>) redis.command("KEYS", "presenced.us.*")).hasSizeLessThanOrEqualTo(4);
            assertThat(store.get(List.of("a", "b", "zz")).toCompletableFuture().join()).containsExactly(
                    new UserStatus("a", 100, 200, "busy"), new UserStatus("b", 100, 0, ""),
                    UserStatus.unknown("zz"));

            clock.advance(Duration.ofSeconds(11));
            // Past b's deadline but within a's: b reads as absent at once, before any sweep.
            assertThat(store.get(List.of("a", "b")).toCompletableFuture().join()).containsExactly(
                    new UserStatus("a", 100, 200, "busy"), UserStatus.unknown("b"));

            long removed = store.sweep(0, 4).toCompletableFuture().join();
            assertThat(removed).isEqualTo(9);
            long left = 0;
            for (Object key : (List<?>) redis.command("KEYS", "presenced.us.*")) {
                left += (Long) redis.command("HLEN", (String) key);
            }
            assertThat(left).isEqualTo(1);

            store.delete(List.of("a")).toCompletableFuture().join();
            assertThat(store.get(List.of("a")).toCompletableFuture().join()).containsExactly(UserStatus.unknown("a"));
        }
    }
}
