package io.presenced.presence;

import io.lettuce.core.ScriptOutputType;
import io.presenced.redis.RedisScript;

/**
 * The Lua scripts of channel presence. Each runs on one partition: its KEYS are the partition's expiry index and
 * channel index, then a (presence, user counts) pair per entry, all under the partition's hash tag.
 */
final class PresenceScripts {

    private PresenceScripts() {
    }

    private static final String USER_OF = String.join("\n",
            "local function userOf(v)",
            "  local c = string.find(v, ':', 1, true)",
            "  if not c then return '' end",
            "  local n = tonumber(string.sub(v, 1, c - 1)) or 0",
            "  return string.sub(v, c + 1, c + n)",
            "end",
            "local function decrUser(us, user)",
            "  if redis.call('HINCRBY', us, user, -1) <= 0 then redis.call('HDEL', us, user) end",
            "end");

    /**
     * ARGV: deadline, then (channel, client, user, value) per entry. Returns per entry 1 when the channel had no
     * client before, else 0.
     */
    static final RedisScript JOIN = RedisScript.of(String.join("\n", USER_OF,
            "local out = {}",
            "for i = 1, (#KEYS - 2) / 2 do",
            "  local ch, us, a = KEYS[1 + 2 * i], KEYS[2 + 2 * i], 2 + (i - 1) * 4",
            "  local channel, client, user, value = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]",
            "  local old = redis.call('HGET', ch, client)",
            "  redis.call('HSET', ch, client, value)",
            "  redis.call('ZADD', KEYS[1], ARGV[1], channel .. '\\n' .. client)",
            "  out[i] = 0",
            "  if old then",
            "    local oldUser = userOf(old)",
            "    if oldUser ~= user then",
            "      decrUser(us, oldUser)",
            "      redis.call('HINCRBY', us, user, 1)",
            "    end",
            "  else",
            "    redis.call('HINCRBY', us, user, 1)",
            "    if redis.call('HINCRBY', KEYS[2], channel, 1) == 1 then out[i] = 1 end",
            "  end",
            "end",
            "return out"), ScriptOutputType.MULTI);

    /**
     * ARGV: a deadline bound ("" for none), then (channel, client) per entry. An entry is removed when it exists
     * and, with a bound, its deadline is at or before the bound (so a sweep never removes an entry refreshed
     * after it was found expired). Returns per entry 1 when the channel is empty afterwards, else 0.
     */
    static final RedisScript LEAVE = RedisScript.of(String.join("\n", USER_OF,
            "local bound = tonumber(ARGV[1])",
            "local out = {}",
            "for i = 1, (#KEYS - 2) / 2 do",
            "  local ch, us, a = KEYS[1 + 2 * i], KEYS[2 + 2 * i], 2 + (i - 1) * 2",
            "  local channel, client = ARGV[a], ARGV[a + 1]",
            "  local member = channel .. '\\n' .. client",
            "  local old = redis.call('HGET', ch, client)",
            "  local due = true",
            "  if old and bound then",
            "    local score = tonumber(redis.call('ZSCORE', KEYS[1], member))",
            "    due = score == nil or score <= bound",
            "  end",
            "  if old and due then",
            "    redis.call('HDEL', ch, client)",
            "    redis.call('ZREM', KEYS[1], member)",
            "    decrUser(us, userOf(old))",
            "    if redis.call('HINCRBY', KEYS[2], channel, -1) <= 0 then redis.call('HDEL', KEYS[2], channel) end",
            "  end",
            "  out[i] = redis.call('HEXISTS', KEYS[2], channel) == 1 and 0 or 1",
            "end",
            "return out"), ScriptOutputType.MULTI);
}
