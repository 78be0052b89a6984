local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function userOf(v)
  local c = string.find(v, ':', 1, true)
  if not c then return '' end
  local n = tonumber(string.sub(v, 1, c - 1)) or 0
  return string.sub(v, c + 1, c + n)
end
local function decrUser(us, user)
  if redis.call('HINCRBY', us, user, -1) <= 0 then redis.call('HDEL', us, user) end
end
local function append(outbox, maxq, channel, kind, time, version)
  if redis.call('XLEN', outbox) >= maxq then return 4 end
  redis.call('XADD', outbox, '*', 'c', channel, 'y', kind, 't', time, 'v', version)
  return 2
end
