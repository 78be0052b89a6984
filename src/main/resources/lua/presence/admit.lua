local channels = {}
for i = 4, #ARGV do channels[#channels + 1] = ARGV[i] end
local fresh, holds = unheld(KEYS[1], channels)
if holds > tonumber(ARGV[1]) then return {0, holds} end
admit(KEYS[1], ARGV[3], fresh, ARGV[2])
local out = {1, holds}
for i = 1, #fresh do out[#out + 1] = fresh[i] end
return out
