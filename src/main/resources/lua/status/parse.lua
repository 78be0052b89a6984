local function parse(v, now)
  if not v then return 0, 0, '' end
  local p1 = string.find(v, ':', 1, true)
  local p2 = p1 and string.find(v, ':', p1 + 1, true)
  local p3 = p2 and string.find(v, ':', p2 + 1, true)
  if not p3 or (tonumber(string.sub(v, p2 + 1, p3 - 1)) or 0) <= now then return 0, 0, '' end
  return tonumber(string.sub(v, 1, p1 - 1)) or 0, tonumber(string.sub(v, p1 + 1, p2 - 1)) or 0,
    string.sub(v, p3 + 1)
end
