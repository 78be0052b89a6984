-- KEYS: client indexes (prefix.cl.<client>) of one key group. ARGV: deadline in ms.
-- Moves each existing index's expiry to the deadline: one call for all the clients a node refreshes.
for i = 1, #KEYS do
  redis.call('PEXPIREAT', KEYS[i], ARGV[1])
end
return #KEYS
