for i = 1, #ARGV, 2 do
  local user = ARGV[i + 1]
  redis.call('HDEL', KEYS[tonumber(ARGV[i])], user, user .. '\31s', user .. '\31d')
end
return 1
