local idx, limit = KEYS[1], tonumber(ARGV[1])
local held = redis.call('HLEN', idx) - redis.call('HEXISTS', idx, '')
local fresh = {}
for i = 4, #ARGV do
  if redis.call('HEXISTS', idx, ARGV[i]) == 0 then fresh[#fresh + 1] = ARGV[i] end
end
if held + #fresh > limit then return {0, held + #fresh} end
redis.call('HSET', idx, '', ARGV[3])
local out = {1, held + #fresh}
for i = 1, #fresh do
  redis.call('HSET', idx, fresh[i], '1')
  out[#out + 1] = fresh[i]
end
redis.call('PEXPIREAT', idx, ARGV[2])
return out
