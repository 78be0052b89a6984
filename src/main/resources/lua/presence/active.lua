local at, maxq, keep = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
for i = 1, #KEYS - 2 do
  local st, channel = KEYS[2 + i], ARGV[3 + i]
  local timed = redis.call('ZADD', KEYS[1], at, channel) == 0
  out[i] = 0
  -- Active again after turning quiet, or for the first time since it was occupied or quiet: a change.
  if redis.call('HGET', st, 'o') == '1' and (redis.call('HGET', st, 'q') == '1' or not timed) then
    redis.call('HSET', st, 'q', '0')
    out[i] = changed(KEYS[2], maxq, keep, st, channel, now)
  end
end
return out
