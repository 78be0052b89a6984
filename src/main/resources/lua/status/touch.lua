local a, o, st, ttl, now = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]),
  tonumber(ARGV[5])
for i = 6, #ARGV, 2 do
  local key, user = KEYS[tonumber(ARGV[i])], ARGV[i + 1]
  local ca, co, cs, live = parse(redis.call('HGET', key, user), now)
  if a > ca then ca = a end
  if o > co then co = o end
  if st ~= '' then cs = st end
  put(key, user, ca, co, cs, live, now + ttl)
end
for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ttl) end
return #KEYS
