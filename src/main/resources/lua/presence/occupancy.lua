local out = {}
for i = 1, #KEYS do
  local st = redis.call('HMGET', KEYS[i], 'o', 'v')
  out[i] = {st[1] or '', st[2] or '0'}
end
return out
