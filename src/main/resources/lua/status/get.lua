local now, out = tonumber(ARGV[1]), {}
for i = 2, #ARGV, 2 do
  local v = redis.call('HGET', KEYS[tonumber(ARGV[i])], ARGV[i + 1])
  out[#out + 1] = v or ''
end
return out
