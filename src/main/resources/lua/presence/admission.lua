local function unheld(idx, channels)
  local held = redis.call('HLEN', idx) - redis.call('HEXISTS', idx, '')
  local fresh = {}
  for i = 1, #channels do
    if redis.call('HEXISTS', idx, channels[i]) == 0 then fresh[#fresh + 1] = channels[i] end
  end
  return fresh, held + #fresh
end
local function admit(idx, user, fresh, deadline)
  redis.call('HSET', idx, '', user)
  for i = 1, #fresh do redis.call('HSET', idx, fresh[i], '1') end
  redis.call('PEXPIREAT', idx, deadline)
end
