local now, n, all = tonumber(ARGV[1]), 0, redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local a, o = parse(all[i + 1], now)
  if a == 0 and o == 0 then redis.call('HDEL', KEYS[1], all[i]); n = n + 1 end
end
return n
