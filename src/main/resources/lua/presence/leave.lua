local bound = tonumber(ARGV[1])
local delay = tonumber(ARGV[2])
local out = {}
local n = (#KEYS - 3) / 3
for i = 1, n do
  local ch, us, st, a = KEYS[1 + 3 * i], KEYS[2 + 3 * i], KEYS[3 + 3 * i], 3 + (i - 1) * 2
  local channel, client = ARGV[a], ARGV[a + 1]
  local member = channel .. '\n' .. client
  local old = redis.call('HGET', ch, client)
  local due = true
  if old and bound then
    local score = tonumber(redis.call('ZSCORE', KEYS[1], member))
    due = score == nil or score <= bound
  end
  out[n + i] = false
  if old and due then
    out[n + i] = old
    redis.call('HDEL', ch, client)
    redis.call('ZREM', KEYS[1], member)
    decrUser(us, userOf(old))
    if redis.call('HINCRBY', KEYS[2], channel, -1) <= 0 then
      redis.call('HDEL', KEYS[2], channel)
      if redis.call('HGET', st, 'o') == '1' and not redis.call('ZSCORE', KEYS[3], channel) then
        redis.call('ZADD', KEYS[3], now + delay, channel)
      end
    end
  end
  out[i] = redis.call('HEXISTS', KEYS[2], channel) == 1 and 0 or 1
end
return out
