-- Records the partition count the data is written with, unless one is recorded already; returns the one that was
-- (nil when none). SET NX GET would do it in one command, but only from Redis 7.0.
local stored = redis.call('GET', KEYS[1])
if not stored then redis.call('SET', KEYS[1], ARGV[1]) end
return stored
