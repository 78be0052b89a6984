local maxq, keep = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
for i = 1, #KEYS - 1 do
  out[i] = changed(KEYS[1], maxq, keep, KEYS[1 + i], ARGV[2 + i], now)
end
return out
