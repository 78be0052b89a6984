package io.presenced.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.presenced.config.RedisConfig;
import io.presenced.config.UserStatusConfig;
import io.presenced.redis.RedisConnections;
import io.presenced.testing.MutableClock;
import io.presenced.testing.StatusKeys;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;

/**
 * The packed Redis layout of user status: records share a few hashes, expire by their own deadline, and the
 * background sweep removes them from their bucket.
 */
class RedisStatusStoreIT {

    private final RedisNode redis = RedisSupport.standalone();
    private final MutableClock clock = new MutableClock();
    private RedisConnections connections;

    @BeforeEach
    void connect() {
        redis.command("FLUSHALL");
        connections = new RedisConnections();
    }

    @AfterEach
    void close() {
        connections.close();
    }

    private RedisStatusStore store(int buckets) {
        return new RedisStatusStore(connections.get(RedisConfig.standalone(redis.uri())), buckets, clock);
    }

    @Test
    void recordsShareBucketsExpireByDeadlineAndAreSweptAway() {
        RedisStatusStore store = store(4);
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

    @Test
    void aRecordWrittenBeforeTheRichModelIsReadWithEveryField() {
        RedisStatusStore store = store(UserStatusConfig.DEFAULT_BUCKETS);
        long deadline = clock.millis() + 60_000;
        // Exactly what the store wrote before devices and custom statuses existed.
        redis.command("HSET", StatusKeys.key("old"), "old", "100:200:" + deadline + ":busy");
        assertThat(store.details(List.of("old")).toCompletableFuture().join()).containsExactly(
                new StatusRecord("old", 100, 200, "busy", null, null, null, List.of()));
        assertThat(store.get(List.of("old")).toCompletableFuture().join())
                .containsExactly(new UserStatus("old", 100, 200, "busy"));
    }

    @Test
    void theRichFactsLiveAndDieWithTheirRecordAndAreSweptWithIt() {
        long now = clock.millis() / 1000;
        RedisStatusStore store = store(UserStatusConfig.DEFAULT_BUCKETS);
        String key = StatusKeys.key("u");
        int bucket = Integer.parseInt(key.substring(key.lastIndexOf('.') + 1));
        store.report(List.of("u"), new DeviceReport("phone", StatusRecord.Platform.MOBILE, false), "", now, 8,
                Duration.ofSeconds(10)).toCompletableFuture().join();
        store.set("u", new StatusPatch(StatusPatch.Change.to(StatusRecord.ManualState.DND),
                StatusPatch.Change.to(new StatusRecord.CustomStatus("lunch", "🍔", now + 5)),
                StatusPatch.Change.keep()), Duration.ofSeconds(10)).toCompletableFuture().join();
        assertThat((Long) redis.command("HLEN", key)).isEqualTo(3);

        // A custom status past its expiry is swept out of the stored facts; the manual state stays.
        clock.advance(Duration.ofSeconds(6));
        store.sweep(bucket, 1).toCompletableFuture().join();
        assertThat((String) redis.command("HGET", key, "u\u001fs")).isEqualTo("dnd\u001f\u001f\u001f\u001f\u001f");

        // Past the record's deadline its facts are gone at once, and a new record starts without them.
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.details(List.of("u")).toCompletableFuture().join())
                .containsExactly(StatusRecord.unknown("u"));
        store.touch(List.of("u"), 0, now + 11, "", Duration.ofSeconds(10)).toCompletableFuture().join();
        assertThat(store.details(List.of("u")).toCompletableFuture().join())
                .containsExactly(new StatusRecord("u", 0, now + 11, "", null, null, null, List.of()));

        clock.advance(Duration.ofSeconds(11));
        assertThat(store.sweep(bucket, 1).toCompletableFuture().join()).isEqualTo(1);
        assertThat((Long) redis.command("EXISTS", key)).isZero();
    }

    @Test
    void aUserWithOneDeviceAndACustomStatusKeepsItsBucketInTheCompactEncoding() {
        long now = clock.millis() / 1000;
        RedisStatusStore store = store(UserStatusConfig.DEFAULT_BUCKETS);
        String user = "user-123456";
        // A WebSocket connection's default device id is its 36-character client id.
        store.report(List.of(user), new DeviceReport("0b7e8f6c-6a51-4b8e-9d0c-3f1e2a4b5c6d",
                StatusRecord.Platform.WEB, false), "", now, 8, Duration.ofDays(31)).toCompletableFuture().join();
        store.set(user, new StatusPatch(StatusPatch.Change.keep(),
                StatusPatch.Change.to(new StatusRecord.CustomStatus("In a meeting", "📅", now + 3600)),
                StatusPatch.Change.keep()), Duration.ofDays(31)).toCompletableFuture().join();
        // Redis 7 calls the compact encoding listpack, Redis 6.2 ziplist; any value over 64 bytes would turn
        // the whole bucket into a hash table.
        assertThat((String) redis.command("OBJECT", "ENCODING", StatusKeys.key(user)))
                .isIn("listpack", "ziplist");
    }
}
