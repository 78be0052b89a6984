package io.presenced.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.ScriptOutputType;
import io.presenced.concurrent.Futures;
import io.presenced.redis.ReplyExecutor;
import io.presenced.redis.JumpHash;
import io.presenced.redis.RedisScript;
import io.presenced.redis.RedisTopology;
import io.presenced.redis.RedisTopology.KeyGroup;

/**
 * Keeps user-status records in Redis, packed into a fixed number of small hashes so that a record costs a few
 * dozen bytes rather than a key of its own: user {@code u} lives in field {@code u} of {@code <prefix>.us.<b>},
 * {@code b = fnv1a_64(u) mod buckets}, as {@code active:online:expiresAtMillis:state}.
 *
 * <p>Redis 7.0 has no expiry per hash field, so each record carries its own deadline: reads ignore expired
 * records at once, {@link #sweep(int, int)} removes them in the background bucket by bucket (no keyspace scan),
 * and each bucket key expires as a whole one expire interval after its last write.
 *
 * <p>Each call sends one script per key group (one per shard; one per slot on a Cluster), whatever the number
 * of users. Every returned stage completes on the {@link ReplyExecutor}, never on Lettuce's I/O thread.
 */
public final class RedisStatusStore implements StatusStore {

    // The sources are class-path resources; parse.lua defines parse(v, now), shared by touch and sweep.
    private static final String LUA = "lua/status/";

    // ARGV: active, online, state, ttl ms, now ms, then (key index, user) pairs. Raises each timestamp to the
    // given one (never lowers it), keeps the state unless a new one is given, and pushes the deadline out.
    private static final RedisScript TOUCH =
            RedisScript.load(ScriptOutputType.INTEGER, LUA + "parse.lua", LUA + "touch.lua");

    // ARGV: now ms, then (key index, user) pairs. Returns one value per pair, "" when absent or expired.
    private static final RedisScript GET = RedisScript.load(ScriptOutputType.MULTI, LUA + "get.lua");

    // ARGV: (key index, user) pairs.
    private static final RedisScript DELETE = RedisScript.load(ScriptOutputType.INTEGER, LUA + "delete.lua");

    // ARGV: now ms. Removes the bucket's expired records; returns how many.
    private static final RedisScript SWEEP =
            RedisScript.load(ScriptOutputType.INTEGER, LUA + "parse.lua", LUA + "sweep.lua");

    private final RedisTopology redis;
    private final String keyPrefix;
    private final int buckets;
    private final Clock clock;

    /**
     * Creates the store over {@code redis}; the topology is shared and not closed by this store.
     *
     * @param buckets the number of hashes records are spread over; fixed for the life of the data
     * @param clock   source of the records' deadlines
     */
    public RedisStatusStore(RedisTopology redis, int buckets, Clock clock) {
        this.redis = redis;
        this.keyPrefix = redis.prefix() + ".us.";
        this.buckets = buckets;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> touch(List<String> users, long active, long online, String state, Duration ttl) {
        String[] head = {Long.toString(active), Long.toString(online), state, Long.toString(ttl.toMillis()),
            Long.toString(clock.millis())};
        return ReplyExecutor.offLoop(redis.send(redis.group(keys(users)), (c, g) -> {
            Pairs p = Pairs.of(g, users, head);
            return TOUCH.<Long>run(c, p.keys, p.args);
        })).thenApply(x -> null);
    }

    @Override
    public CompletionStage<List<UserStatus>> get(List<String> users) {
        List<KeyGroup> groups = redis.group(keys(users));
        String[] head = {Long.toString(clock.millis())};
        // Decoding runs on the reply executor, not on Lettuce's I/O thread that completed the reply.
        return ReplyExecutor.offLoop(redis.send(groups, (c, g) -> {
            Pairs p = Pairs.of(g, users, head);
            return GET.<List<Object>>run(c, p.keys, p.args);
        })).thenApply(replies -> {
            long now = clock.millis();
            UserStatus[] out = new UserStatus[users.size()];
            for (int gi = 0; gi < groups.size(); gi++) {
                int[] indices = groups.get(gi).indices();
                List<Object> values = replies.get(gi);
                for (int i = 0; i < indices.length; i++) {
                    out[indices[i]] = decode(users.get(indices[i]), (String) values.get(i), now);
                }
            }
            return Arrays.asList(out);
        });
    }

    @Override
    public CompletionStage<Void> delete(List<String> users) {
        return ReplyExecutor.offLoop(redis.send(redis.group(keys(users)), (c, g) -> {
            Pairs p = Pairs.of(g, users, new String[0]);
            return DELETE.<Long>run(c, p.keys, p.args);
        })).thenApply(x -> null);
    }

    /**
     * Removes expired records from {@code count} buckets starting at {@code from} (wrapping around); returns how
     * many were removed. For a background task: each bucket costs one script call.
     */
    public CompletionStage<Long> sweep(int from, int count) {
        List<CompletableFuture<Long>> calls = new ArrayList<>(count);
        String now = Long.toString(clock.millis());
        for (int i = 0; i < count; i++) {
            String key = keyPrefix + Math.floorMod(from + i, buckets);
            calls.add(SWEEP.<Long>run(redis.commandsFor(key), new String[] {key}, now).toCompletableFuture());
        }
        return Futures.all(calls).thenApply(counts -> counts.stream().mapToLong(Long::longValue).sum());
    }

    /** Returns the number of buckets. */
    public int buckets() {
        return buckets;
    }

    @Override
    public void close() {
        // The topology belongs to RedisConnections.
    }

    static UserStatus decode(String user, String v, long nowMillis) {
        int p1 = v.indexOf(':');
        int p2 = p1 < 0 ? -1 : v.indexOf(':', p1 + 1);
        int p3 = p2 < 0 ? -1 : v.indexOf(':', p2 + 1);
        if (p3 < 0) {
            return UserStatus.unknown(user);
        }
        try {
            if (Long.parseLong(v, p2 + 1, p3, 10) <= nowMillis) {
                return UserStatus.unknown(user);
            }
            return new UserStatus(user, Long.parseLong(v, 0, p1, 10), Long.parseLong(v, p1 + 1, p2, 10),
                    v.substring(p3 + 1));
        } catch (NumberFormatException e) {
            return UserStatus.unknown(user);
        }
    }

    /** Returns the bucket key of each user, in order. */
    private List<String> keys(List<String> users) {
        List<String> keys = new ArrayList<>(users.size());
        for (String u : users) {
            long h = JumpHash.fnv1a64(u.getBytes(StandardCharsets.UTF_8));
            keys.add(keyPrefix + Long.remainderUnsigned(h, buckets));
        }
        return keys;
    }

    /** One group's distinct bucket keys, and the script arguments: {@code head}, then (key index, user) pairs. */
    private static final class Pairs {
        final String[] keys;
        final String[] args;

        private Pairs(String[] keys, String[] args) {
            this.keys = keys;
            this.args = args;
        }

        static Pairs of(KeyGroup g, List<String> users, String[] head) {
            Map<String, Integer> index = new LinkedHashMap<>();
            String[] args = Arrays.copyOf(head, head.length + g.indices().length * 2);
            for (int i = 0; i < g.indices().length; i++) {
                Integer k = index.computeIfAbsent(g.keys().get(i), x -> index.size() + 1);
                args[head.length + 2 * i] = Integer.toString(k);
                args[head.length + 2 * i + 1] = users.get(g.indices()[i]);
            }
            return new Pairs(index.keySet().toArray(new String[0]), args);
        }
    }
}
