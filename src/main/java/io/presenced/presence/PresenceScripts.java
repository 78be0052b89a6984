package io.presenced.presence;

import io.lettuce.core.ScriptOutputType;
import io.presenced.redis.RedisScript;

/**
 * The Lua scripts of channel presence and channel state. Each runs on one partition; every key it touches
 * carries the partition's hash tag and is declared in KEYS, so each script is atomic on every topology.
 *
 * <p>Transition times come from the Redis server's clock ({@code TIME}), the one clock every node shares for a
 * partition; presence deadlines come from the calling node, whose skew only shifts a TTL by as much.
 *
 * <p>Per-entry reply codes: bit 0 the channel's edge (was empty / is now empty), bit 1 an event was queued,
 * bit 2 an event was dropped because the partition's queue was full.
 */
final class PresenceScripts {

    private PresenceScripts() {
    }

    private static final String COMMON = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "local function userOf(v)",
            "  local c = string.find(v, ':', 1, true)",
            "  if not c then return '' end",
            "  local n = tonumber(string.sub(v, 1, c - 1)) or 0",
            "  return string.sub(v, c + 1, c + n)",
            "end",
            "local function decrUser(us, user)",
            "  if redis.call('HINCRBY', us, user, -1) <= 0 then redis.call('HDEL', us, user) end",
            "end",
            "local function append(outbox, maxq, channel, kind, time, version)",
            "  if redis.call('XLEN', outbox) >= maxq then return 4 end",
            "  redis.call('XADD', outbox, '*', 'c', channel, 'y', kind, 't', time, 'v', version)",
            "  return 2",
            "end");

    /**
     * KEYS: expiry, channels, pending, outbox, then (presence, users, state) per entry. ARGV: deadline, queue
     * bound, then (channel, client, user, value, events) per entry; events is "" for a channel without state,
     * else holds "o" and/or "v".
     */
    static final RedisScript JOIN = RedisScript.of(String.join("\n", COMMON,
            "local maxq = tonumber(ARGV[2])",
            "local out = {}",
            "for i = 1, (#KEYS - 4) / 3 do",
            "  local ch, us, st, a = KEYS[2 + 3 * i], KEYS[3 + 3 * i], KEYS[4 + 3 * i], 3 + (i - 1) * 5",
            "  local channel, client, user, value, events = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]",
            "  local old = redis.call('HGET', ch, client)",
            "  redis.call('HSET', ch, client, value)",
            "  redis.call('ZADD', KEYS[1], ARGV[1], channel .. '\\n' .. client)",
            "  local code = 0",
            "  if old then",
            "    local oldUser = userOf(old)",
            "    if oldUser ~= user then",
            "      decrUser(us, oldUser)",
            "      redis.call('HINCRBY', us, user, 1)",
            "    end",
            "  else",
            "    redis.call('HINCRBY', us, user, 1)",
            "    if redis.call('HINCRBY', KEYS[2], channel, 1) == 1 then",
            "      code = 1",
            "      if events ~= '' and redis.call('ZREM', KEYS[3], channel) == 0 then",
            "        redis.call('HSET', st, 'e', events)",
            "        if redis.call('HGET', st, 'o') ~= '1' then",
            "          local v = redis.call('HINCRBY', st, 'v', 1)",
            "          redis.call('HSET', st, 'o', '1', 't', now)",
            "          redis.call('PERSIST', st)",
            "          if string.find(events, 'o', 1, true) then",
            "            code = code + append(KEYS[4], maxq, channel, 'occupied', now, v)",
            "          end",
            "        end",
            "      elseif events ~= '' then",
            "        redis.call('HSET', st, 'e', events)",
            "      end",
            "    end",
            "  end",
            "  out[i] = code",
            "end",
            "return out"), ScriptOutputType.MULTI);

    /**
     * KEYS: expiry, channels, pending, then (presence, users, state) per entry. ARGV: a deadline bound ("" for
     * none), the vacate delay in ms, then (channel, client) per entry. An entry is removed when it exists and,
     * with a bound, its deadline is at or before the bound (a sweep never removes an entry refreshed after it
     * was found expired). A channel with state that this removal empties gets a pending vacate at now + delay.
     */
    static final RedisScript LEAVE = RedisScript.of(String.join("\n", COMMON,
            "local bound = tonumber(ARGV[1])",
            "local delay = tonumber(ARGV[2])",
            "local out = {}",
            "for i = 1, (#KEYS - 3) / 3 do",
            "  local ch, us, st, a = KEYS[1 + 3 * i], KEYS[2 + 3 * i], KEYS[3 + 3 * i], 3 + (i - 1) * 2",
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
            "    if redis.call('HINCRBY', KEYS[2], channel, -1) <= 0 then",
            "      redis.call('HDEL', KEYS[2], channel)",
            "      if redis.call('HGET', st, 'o') == '1' and not redis.call('ZSCORE', KEYS[3], channel) then",
            "        redis.call('ZADD', KEYS[3], now + delay, channel)",
            "      end",
            "    end",
            "  end",
            "  out[i] = redis.call('HEXISTS', KEYS[2], channel) == 1 and 0 or 1",
            "end",
            "return out"), ScriptOutputType.MULTI);

    /**
     * KEYS: one client's index ({@code prefix.cl.<client>}). ARGV: channel limit, deadline ms, user, then the
     * distinct channels the client joins. Admits them when the client stays within the limit: writes the user and
     * the channels, moves the key's expiry to the deadline, and returns {1, channels held, channels added...};
     * otherwise writes nothing and returns {0, channels it would hold}.
     */
    static final RedisScript ADMIT = RedisScript.of(String.join("\n",
            "local idx, limit = KEYS[1], tonumber(ARGV[1])",
            "local held = redis.call('HLEN', idx) - redis.call('HEXISTS', idx, '')",
            "local fresh = {}",
            "for i = 4, #ARGV do",
            "  if redis.call('HEXISTS', idx, ARGV[i]) == 0 then fresh[#fresh + 1] = ARGV[i] end",
            "end",
            "if held + #fresh > limit then return {0, held + #fresh} end",
            "redis.call('HSET', idx, '', ARGV[3])",
            "local out = {1, held + #fresh}",
            "for i = 1, #fresh do",
            "  redis.call('HSET', idx, fresh[i], '1')",
            "  out[#out + 1] = fresh[i]",
            "end",
            "redis.call('PEXPIREAT', idx, ARGV[2])",
            "return out"), ScriptOutputType.MULTI);

    /**
     * KEYS: pending, outbox. ARGV: most events. Returns the channels whose vacate is due (at most 100) and the
     * head of the outbox as {id, {field, value, ...}} entries. Read-only.
     */
    static final RedisScript POLL = RedisScript.of(String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 100)",
            "local events = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', tonumber(ARGV[1]))",
            "return {due, events}"), ScriptOutputType.MULTI);

    /**
     * KEYS: pending, channels, outbox, then the state of each channel. ARGV: vacate delay ms, queue bound, state
     * retention ms, then the channels. Each channel whose vacate is due and which is still empty becomes vacated,
     * with the time of its last leave, and its state starts to expire after the retention.
     */
    static final RedisScript VACATE = RedisScript.of(String.join("\n", COMMON,
            "local delay, maxq, keep = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])",
            "local out = {}",
            "for i = 1, #KEYS - 3 do",
            "  local st, channel = KEYS[3 + i], ARGV[3 + i]",
            "  local due = tonumber(redis.call('ZSCORE', KEYS[1], channel))",
            "  out[i] = 0",
            "  if due and due <= now then",
            "    redis.call('ZREM', KEYS[1], channel)",
            "    if redis.call('HEXISTS', KEYS[2], channel) == 0 and redis.call('HGET', st, 'o') == '1' then",
            "      local v = redis.call('HINCRBY', st, 'v', 1)",
            "      redis.call('HSET', st, 'o', '0', 't', due - delay)",
            "      redis.call('PEXPIRE', st, keep)",
            "      local events = redis.call('HGET', st, 'e') or ''",
            "      if string.find(events, 'v', 1, true) then",
            "        out[i] = append(KEYS[3], maxq, channel, 'vacated', due - delay, v)",
            "      end",
            "    end",
            "  end",
            "end",
            "return out"), ScriptOutputType.MULTI);
}
