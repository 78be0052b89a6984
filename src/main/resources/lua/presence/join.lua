local function join(k, a, n, deadline, maxq, out)
  local exp, chans, pv, outbox = KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4]
  for i = 1, n do
    local ch, us, st, b = KEYS[k + 2 + 3 * i], KEYS[k + 3 + 3 * i], KEYS[k + 4 + 3 * i], a + (i - 1) * 5
    local channel, client, user, value, events = ARGV[b], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4]
    local old = redis.call('HGET', ch, client)
    redis.call('HSET', ch, client, value)
    redis.call('ZADD', exp, deadline, channel .. '\n' .. client)
    local code = 0
    if old then
      local oldUser = userOf(old)
      if oldUser ~= user then
        decrUser(us, oldUser)
        redis.call('HINCRBY', us, user, 1)
      end
      if old ~= value then code = 16 end
    else
      code = 8
      redis.call('HINCRBY', us, user, 1)
      if redis.call('HINCRBY', chans, channel, 1) == 1 then
        code = 9
        if events ~= '' and redis.call('ZREM', pv, channel) == 0 then
          redis.call('HSET', st, 'e', events)
          if redis.call('HGET', st, 'o') ~= '1' then
            local v = redis.call('HINCRBY', st, 'v', 1)
            redis.call('HSET', st, 'o', '1', 't', now)
            redis.call('PERSIST', st)
            if string.find(events, 'o', 1, true) then
              code = code + append(outbox, maxq, channel, 'occupied', now, v)
            end
          end
        elseif events ~= '' then
          redis.call('HSET', st, 'e', events)
        end
      end
    end
    out[#out + 1] = code
  end
end
