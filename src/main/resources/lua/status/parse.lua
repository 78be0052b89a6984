-- Fields of a bucket: <user> holds active:online:deadlineMs:state; <user>\31s and <user>\31d hold the rich model's
-- facts (see RedisStatusStore) and live only as long as <user> does.
local US, RS = '\31', '\30'
local function parse(v, now)
  if not v then return 0, 0, '', false end
  local p1 = string.find(v, ':', 1, true)
  local p2 = p1 and string.find(v, ':', p1 + 1, true)
  local p3 = p2 and string.find(v, ':', p2 + 1, true)
  if not p3 or (tonumber(string.sub(v, p2 + 1, p3 - 1)) or 0) <= now then return 0, 0, '', false end
  return tonumber(string.sub(v, 1, p1 - 1)) or 0, tonumber(string.sub(v, p1 + 1, p2 - 1)) or 0,
    string.sub(v, p3 + 1), true
end
local function split(v, sep)
  local out, pos = {}, 1
  while true do
    local p = string.find(v, sep, pos, true)
    if not p then out[#out + 1] = string.sub(v, pos); return out end
    out[#out + 1] = string.sub(v, pos, p - 1)
    pos = p + 1
  end
end
-- Writes the base field with a new deadline; a record that was dead loses the facts it left behind.
local function put(key, user, a, o, s, live, deadline)
  if not live then redis.call('HDEL', key, user .. US .. 's', user .. US .. 'd') end
  redis.call('HSET', key, user, string.format('%d:%d:%d:', a, o, deadline) .. s)
end
