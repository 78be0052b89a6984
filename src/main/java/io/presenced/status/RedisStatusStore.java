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
 * {@code b = fnv1a_64(u) mod buckets}, as {@code active:online:expiresAtMillis:state}. The rich model's facts sit
 * beside it in the same hash, in fields that exist only for users that have them, so a record with {@code active}
 * and {@code online} only costs what it did before they existed:
 * <ul>
 *   <li>{@code u\u001fs}: {@code manual␟activity␟activityExpiry␟emoji␟customExpiry␟customText} (␟ is U+001F;
 *       an empty part is absent; expiries are Unix seconds, {@code 0} never);</li>
 *   <li>{@code u\u001fd}: the devices, separated by U+001E, each {@code id␟platform␟a|i␟heard␟active}.</li>
 * </ul>
 * No stored string holds a control character (the API refuses them), so the separators are unambiguous. Values stay
 * short so that a bucket keeps Redis's compact listpack encoding (at most 64 bytes a value by default).
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

    private static final RedisScript REPORT =
            RedisScript.load(ScriptOutputType.INTEGER, LUA + "parse.lua", LUA + "report.lua");

    private static final RedisScript SET =
            RedisScript.load(ScriptOutputType.INTEGER, LUA + "parse.lua", LUA + "set.lua");

    private static final RedisScript DETAILS =
            RedisScript.load(ScriptOutputType.MULTI, LUA + "parse.lua", LUA + "details.lua");

    private static final char US = '\u001f';
    private static final char RS = '\u001e';

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
    public CompletionStage<Void> report(List<String> users, DeviceReport report, String state, long now,
                                        int maxDevices, Duration ttl) {
        String[] head = {report.idle() ? "1" : "0", Long.toString(now),
            report.platform() == null ? "" : String.valueOf(report.platform().code()), report.id(),
            Integer.toString(maxDevices), state, Long.toString(ttl.toMillis()), Long.toString(clock.millis())};
        return ReplyExecutor.offLoop(redis.send(redis.group(keys(users)), (c, g) -> {
            Pairs p = Pairs.of(g, users, head);
            return REPORT.<Long>run(c, p.keys, p.args);
        })).thenApply(x -> null);
    }

    @Override
    public CompletionStage<Void> set(String user, StatusPatch patch, Duration ttl) {
        String key = keys(List.of(user)).get(0);
        StatusRecord.ManualState m = patch.manual().value();
        StatusRecord.Activity a = patch.activity().value();
        StatusRecord.CustomStatus cs = patch.custom().value();
        String[] args = {user,
            flag(patch.manual()), m == null ? "" : m.wire(),
            flag(patch.activity()), a == null ? "" : a.type(), a == null ? "" : Long.toString(a.expiresAt()),
            flag(patch.custom()), cs == null ? "" : cs.text(), cs == null ? "" : cs.emoji(),
            cs == null ? "" : Long.toString(cs.expiresAt()),
            Long.toString(ttl.toMillis()), Long.toString(clock.millis())};
        return ReplyExecutor.offLoop(SET.<Long>run(redis.commandsFor(key), new String[] {key}, args)
                .toCompletableFuture()).thenApply(x -> null);
    }

    private static String flag(StatusPatch.Change<?> change) {
        return change.isKeep() ? "k" : change.value() == null ? "c" : "s";
    }

    @Override
    public CompletionStage<List<StatusRecord>> details(List<String> users) {
        return read(users, DETAILS, 3, (user, v, i, now) -> decodeRecord(decode(user, (String) v.get(i), now),
                (String) v.get(i + 1), (String) v.get(i + 2)));
    }

    @Override
    public CompletionStage<List<UserStatus>> get(List<String> users) {
        return read(users, GET, 1, (user, v, i, now) -> decode(user, (String) v.get(i), now));
    }

    /**
     * Runs read script {@code script} once per key group; it answers {@code width} values a user, in the group's
     * order, which {@code decoder} turns into the user's result. Decoding runs on the reply executor, not on
     * Lettuce's I/O thread that completed the reply.
     */
    private <T> CompletionStage<List<T>> read(List<String> users, RedisScript script, int width, Decoder<T> decoder) {
        List<KeyGroup> groups = redis.group(keys(users));
        String[] head = {Long.toString(clock.millis())};
        return ReplyExecutor.offLoop(redis.send(groups, (c, g) -> {
            Pairs p = Pairs.of(g, users, head);
            return script.<List<Object>>run(c, p.keys, p.args);
        })).thenApply(replies -> {
            long now = clock.millis();
            @SuppressWarnings("unchecked")
            T[] out = (T[]) new Object[users.size()];
            for (int gi = 0; gi < groups.size(); gi++) {
                int[] indices = groups.get(gi).indices();
                List<Object> values = replies.get(gi);
                for (int i = 0; i < indices.length; i++) {
                    out[indices[i]] = decoder.decode(users.get(indices[i]), values, width * i, now);
                }
            }
            return Arrays.asList(out);
        });
    }

    @FunctionalInterface
    private interface Decoder<T> {
        T decode(String user, List<Object> values, int at, long nowMillis);
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

    /** Decodes the rich model's two fields beside a live base record; anything malformed reads as absent. */
    static StatusRecord decodeRecord(UserStatus base, String set, String devices) {
        StatusRecord.ManualState manual = null;
        StatusRecord.Activity activity = null;
        StatusRecord.CustomStatus custom = null;
        if (!set.isEmpty()) {
            String[] f = set.split(String.valueOf(US), -1);
            if (f.length == 6) {
                manual = StatusRecord.ManualState.of(f[0]);
                if (!f[1].isEmpty()) {
                    activity = new StatusRecord.Activity(f[1], number(f[2]));
                }
                if (!f[5].isEmpty()) {
                    custom = new StatusRecord.CustomStatus(f[5], f[3], number(f[4]));
                }
            }
        }
        List<StatusRecord.Device> list = new ArrayList<>();
        if (!devices.isEmpty()) {
            for (String rec : devices.split(String.valueOf(RS), -1)) {
                String[] f = rec.split(String.valueOf(US), -1);
                if (f.length == 5 && !f[0].isEmpty() && f[1].length() == 1) {
                    list.add(new StatusRecord.Device(f[0], StatusRecord.Platform.ofCode(f[1].charAt(0)),
                            "i".equals(f[2]), number(f[3]), number(f[4])));
                }
            }
        }
        return new StatusRecord(base.user(), base.active(), base.online(), base.state(), manual, custom, activity,
                list);
    }

    private static long number(String s) {
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
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
