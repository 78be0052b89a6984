package io.presenced.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.presenced.redis.RedisScript;
import io.presenced.redis.RedisTopology;
import io.presenced.redis.RedisTopology.KeyGroup;

/**
 * Keeps user-status records in Redis, one string key per user: {@code <prefix>.us.<user>} holding
 * {@code active:online:state} with a millisecond expiry. Each call sends one command per key group (one per
 * shard; one per slot on a Cluster, pipelined so each node gets one write): a script for updates, {@code MGET}
 * for reads, {@code DEL} for deletes.
 */
public final class RedisStatusStore implements StatusStore {

    // Raises each timestamp to the given one (never lowers it), keeps the state unless a new one is given,
    // and resets the key's expiry. A malformed value is treated as absent.
    private static final RedisScript TOUCH = RedisScript.of(String.join("\n",
            "local a, o, st, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4]",
            "for i = 1, #KEYS do",
            "  local cur = redis.call('GET', KEYS[i])",
            "  local ca, co, cs = 0, 0, ''",
            "  if cur then",
            "    local p1 = string.find(cur, ':', 1, true)",
            "    local p2 = p1 and string.find(cur, ':', p1 + 1, true)",
            "    if p2 then",
            "      ca = tonumber(string.sub(cur, 1, p1 - 1)) or 0",
            "      co = tonumber(string.sub(cur, p1 + 1, p2 - 1)) or 0",
            "      cs = string.sub(cur, p2 + 1)",
            "    end",
            "  end",
            "  if a > ca then ca = a end",
            "  if o > co then co = o end",
            "  if st ~= '' then cs = st end",
            "  redis.call('SET', KEYS[i], string.format('%d:%d:', ca, co) .. cs, 'PX', ttl)",
            "end",
            "return #KEYS"), ScriptOutputType.INTEGER);

    private final RedisTopology redis;
    private final String keyPrefix;

    /** Creates the store over {@code redis}; the topology is shared and not closed by this store. */
    public RedisStatusStore(RedisTopology redis) {
        this.redis = redis;
        this.keyPrefix = redis.prefix() + ".us.";
    }

    @Override
    public CompletionStage<Void> touch(List<String> users, long active, long online, String state, Duration ttl) {
        String[] args = {Long.toString(active), Long.toString(online), state, Long.toString(ttl.toMillis())};
        return redis.send(redis.group(keys(users)), (c, g) -> TOUCH.<Long>run(c, g.keyArray(), args))
                .thenApply(x -> null);
    }

    @Override
    public CompletionStage<List<UserStatus>> get(List<String> users) {
        List<KeyGroup> groups = redis.group(keys(users));
        return redis.send(groups, (c, g) -> c.mget(g.keyArray())).thenApply(replies -> {
            UserStatus[] out = new UserStatus[users.size()];
            for (int gi = 0; gi < groups.size(); gi++) {
                int[] indices = groups.get(gi).indices();
                List<KeyValue<String, String>> values = replies.get(gi);
                for (int i = 0; i < indices.length; i++) {
                    out[indices[i]] = decode(users.get(indices[i]), values.get(i));
                }
            }
            return Arrays.asList(out);
        });
    }

    @Override
    public CompletionStage<Void> delete(List<String> users) {
        return redis.send(redis.group(keys(users)), (c, g) -> c.del(g.keyArray())).thenApply(x -> null);
    }

    @Override
    public void close() {
        // The topology belongs to RedisConnections.
    }

    static UserStatus decode(String user, KeyValue<String, String> kv) {
        if (!kv.hasValue()) {
            return UserStatus.unknown(user);
        }
        String v = kv.getValue();
        int p1 = v.indexOf(':');
        int p2 = p1 < 0 ? -1 : v.indexOf(':', p1 + 1);
        if (p2 < 0) {
            return UserStatus.unknown(user);
        }
        try {
            return new UserStatus(user, Long.parseLong(v, 0, p1, 10), Long.parseLong(v, p1 + 1, p2, 10),
                    v.substring(p2 + 1));
        } catch (NumberFormatException e) {
            return UserStatus.unknown(user);
        }
    }

    private List<String> keys(List<String> users) {
        List<String> keys = new ArrayList<>(users.size());
        for (String u : users) {
            keys.add(keyPrefix + u);
        }
        return keys;
    }
}
