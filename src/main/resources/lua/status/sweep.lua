-- Removes expired records with their facts, facts whose record is gone, and custom statuses and activities past
-- their expiry. Returns how many records were removed.
local now, n, all, live = tonumber(ARGV[1]), 0, redis.call('HGETALL', KEYS[1]), {}
local secs = math.floor(now / 1000)
for i = 1, #all, 2 do
  local f = all[i]
  if not string.find(f, US, 1, true) then
    local _, _, _, ok = parse(all[i + 1], now)
    if ok then live[f] = true else redis.call('HDEL', KEYS[1], f); n = n + 1 end
  end
end
local function gone(x) local t = tonumber(x) or 0; return t ~= 0 and t <= secs end
for i = 1, #all, 2 do
  local f = all[i]
  local p = string.find(f, US, 1, true)
  if p then
    if not live[string.sub(f, 1, p - 1)] then
      redis.call('HDEL', KEYS[1], f)
    elseif string.sub(f, p + 1) == 's' then
      local s = split(all[i + 1], US)
      local changed = false
      if (s[2] or '') ~= '' and gone(s[3]) then s[2], s[3], changed = '', '', true end
      if (s[6] or '') ~= '' and gone(s[5]) then s[4], s[5], s[6], changed = '', '', '', true end
      if changed then
        if (s[1] or '') == '' and s[2] == '' and (s[6] or '') == '' then
          redis.call('HDEL', KEYS[1], f)
        else
          redis.call('HSET', KEYS[1], f, table.concat({s[1] or '', s[2], s[3] or '', s[4] or '', s[5] or '', s[6] or ''}, US))
        end
      end
    end
  end
end
return n
