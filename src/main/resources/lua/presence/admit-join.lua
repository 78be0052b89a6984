local limit, clients = tonumber(ARGV[3]), tonumber(ARGV[4])
local admitted, a = {}, 5
for c = 1, clients do
  local channels = {}
  for i = 1, tonumber(ARGV[a + 1]) do channels[i] = ARGV[a + 1 + i] end
  local fresh, holds = unheld(KEYS[c], channels)
  if holds > limit then return {0, c, holds} end
  admitted[c] = {ARGV[a], fresh}
  a = a + 2 + #channels
end
for c = 1, clients do admit(KEYS[c], admitted[c][1], admitted[c][2], ARGV[1]) end
local out, k, maxq = {1}, clients, tonumber(ARGV[2])
while a <= #ARGV do
  local n = tonumber(ARGV[a])
  join(k, a + 1, n, ARGV[1], maxq, out)
  k, a = k + 4 + 3 * n, a + 1 + 5 * n
end
return out
