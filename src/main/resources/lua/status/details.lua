-- ARGV: now ms, then (key index, user) pairs. Returns three values a pair: the base field, the set facts and the
-- devices; all three '' when the record is absent or expired.
local now, out = tonumber(ARGV[1]), {}
for i = 2, #ARGV, 2 do
  local key, user = KEYS[tonumber(ARGV[i])], ARGV[i + 1]
  local v = redis.call('HMGET', key, user, user .. US .. 's', user .. US .. 'd')
  local _, _, _, live = parse(v[1], now)
  if live then
    out[#out + 1] = v[1]; out[#out + 1] = v[2] or ''; out[#out + 1] = v[3] or ''
  else
    out[#out + 1] = ''; out[#out + 1] = ''; out[#out + 1] = ''
  end
end
return out
