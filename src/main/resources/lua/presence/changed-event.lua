local function changed(outbox, maxq, keep, st, channel, time)
  local v = redis.call('HINCRBY', st, 'v', 1)
  local o = redis.call('HGET', st, 'o') == '1' and '1' or '0'
  if o == '0' then redis.call('PEXPIRE', st, keep) end
  if redis.call('XLEN', outbox) >= maxq then return 4 end
  redis.call('XADD', outbox, '*', 'c', channel, 'y', 'changed', 't', time, 'v', v, 'o', o)
  return 2
end
