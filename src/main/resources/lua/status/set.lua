-- KEYS[1]: the bucket. ARGV: user, then for the manual state, the activity and the custom status a flag (k keeps,
-- c clears, s sets) and its values: state; type, expiry; text, emoji, expiry. Then ttl ms, now ms.
local key, user, ttl, nowms = KEYS[1], ARGV[1], tonumber(ARGV[11]), tonumber(ARGV[12])
local ca, co, cs, live = parse(redis.call('HGET', key, user), nowms)
put(key, user, ca, co, cs, live, nowms + ttl)
local field = user .. US .. 's'
local m, at, ax, em, cx, tx = '', '', '', '', '', ''
local old = live and redis.call('HGET', key, field)
if old then
  local f = split(old, US)
  m, at, ax, em, cx, tx = f[1] or '', f[2] or '', f[3] or '', f[4] or '', f[5] or '', f[6] or ''
end
if ARGV[2] ~= 'k' then m = ARGV[3] end
if ARGV[4] ~= 'k' then at, ax = ARGV[5], ARGV[6] end
if ARGV[7] ~= 'k' then tx, em, cx = ARGV[8], ARGV[9], ARGV[10] end
if m == '' and at == '' and tx == '' then
  redis.call('HDEL', key, field)
else
  redis.call('HSET', key, field, table.concat({m, at, ax, em, cx, tx}, US))
end
redis.call('PEXPIRE', key, ttl)
return 1
