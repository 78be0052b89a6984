local out = {}
join(0, 3, (#KEYS - 4) / 3, ARGV[1], tonumber(ARGV[2]), out)
return out
