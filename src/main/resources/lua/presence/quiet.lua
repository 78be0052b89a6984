local maxq, keep = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
for i = 1, #KEYS - 2 do
  local st, channel = KEYS[2 + i], ARGV[2 + i]
  local due = tonumber(redis.call('ZSCORE', KEYS[1], channel))
  out[i] = 0
  if due and due <= now then
    redis.call('ZREM', KEYS[1], channel)
    if redis.call('HGET', st, 'o') == '1' and redis.call('HGET', st, 'q') ~= '1' then
      redis.call('HSET', st, 'q', '1')
      out[i] = changed(KEYS[2], maxq, keep, st, channel, due)
    end
  end
end
return out
