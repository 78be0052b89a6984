-- ARGV: idle (1/0), now s, platform code ('' keeps), device id, max devices, state, ttl ms, now ms, then pairs.
local idle, now, pcode, dev, max, st, ttl, nowms = ARGV[1] == '1', tonumber(ARGV[2]), ARGV[3], ARGV[4],
  tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
for i = 9, #ARGV, 2 do
  local key, user = KEYS[tonumber(ARGV[i])], ARGV[i + 1]
  local ca, co, cs, live = parse(redis.call('HGET', key, user), nowms)
  if not idle and now > ca then ca = now end
  if st ~= '' then cs = st end
  put(key, user, ca, co, cs, live, nowms + ttl)
  local field, devices, prevp, preva = user .. US .. 'd', {}, nil, 0
  local old = live and redis.call('HGET', key, field)
  if old then
    for _, rec in ipairs(split(old, RS)) do
      local f = split(rec, US)
      if f[1] == dev then prevp, preva = f[2], tonumber(f[5]) or 0 else devices[#devices + 1] = f end
    end
  end
  devices[#devices + 1] = {dev, pcode ~= '' and pcode or prevp or 'o', idle and 'i' or 'a', tostring(now),
    tostring(idle and preva or now)}
  while #devices > max do
    local oldest = 1
    for j = 2, #devices do
      if tonumber(devices[j][4]) < tonumber(devices[oldest][4]) then oldest = j end
    end
    table.remove(devices, oldest)
  end
  local recs = {}
  for j = 1, #devices do recs[j] = table.concat(devices[j], US) end
  redis.call('HSET', key, field, table.concat(recs, RS))
end
for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ttl) end
return #KEYS
