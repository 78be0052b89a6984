local delay, maxq, keep = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
for i = 1, #KEYS - 3 do
  local st, channel = KEYS[3 + i], ARGV[3 + i]
  local due = tonumber(redis.call('ZSCORE', KEYS[1], channel))
  out[i] = 0
  if due and due <= now then
    redis.call('ZREM', KEYS[1], channel)
    if redis.call('HEXISTS', KEYS[2], channel) == 0 and redis.call('HGET', st, 'o') == '1' then
      local v = redis.call('HINCRBY', st, 'v', 1)
      redis.call('HSET', st, 'o', '0', 't', due - delay)
      redis.call('PEXPIRE', st, keep)
      local events = redis.call('HGET', st, 'e') or ''
      if string.find(events, 'v', 1, true) then
        out[i] = append(KEYS[3], maxq, channel, 'vacated', due - delay, v)
      end
    end
  end
end
return out
