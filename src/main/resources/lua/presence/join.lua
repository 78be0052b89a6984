local maxq = tonumber(ARGV[2])
local out = {}
for i = 1, (#KEYS - 4) / 3 do
  local ch, us, st, a = KEYS[2 + 3 * i], KEYS[3 + 3 * i], KEYS[4 + 3 * i], 3 + (i - 1) * 5
  local channel, client, user, value, events = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  local old = redis.call('HGET', ch, client)
  redis.call('HSET', ch, client, value)
  redis.call('ZADD', KEYS[1], ARGV[1], channel .. '\n' .. client)
  local code = 0
  if old then
    local oldUser = userOf(old)
    if oldUser ~= user then
      decrUser(us, oldUser)
      redis.call('HINCRBY', us, user, 1)
    end
  else
    code = 8
    redis.call('HINCRBY', us, user, 1)
    if redis.call('HINCRBY', KEYS[2], channel, 1) == 1 then
      code = 9
      if events ~= '' and redis.call('ZREM', KEYS[3], channel) == 0 then
        redis.call('HSET', st, 'e', events)
        if redis.call('HGET', st, 'o') ~= '1' then
          local v = redis.call('HINCRBY', st, 'v', 1)
          redis.call('HSET', st, 'o', '1', 't', now)
          redis.call('PERSIST', st)
          if string.find(events, 'o', 1, true) then
            code = code + append(KEYS[4], maxq, channel, 'occupied', now, v)
          end
        end
      elseif events ~= '' then
        redis.call('HSET', st, 'e', events)
      end
    end
  end
  out[i] = code
end
return out
