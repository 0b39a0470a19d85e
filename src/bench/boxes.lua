-- wrk script: GET /api/v1/parcels for random boxes of BOX_SIDE degrees inside the synthetic registry's
-- extent (lon -97.0..-96.55, lat 16.5..16.95), with LIMIT, the same draw as floor.sql makes.
math.randomseed(42)
local side = tonumber(os.getenv("BOX_SIDE"))
local limit = os.getenv("LIMIT")

request = function()
  local west = -97.0 + math.random() * (0.45 - side)
  local south = 16.5 + math.random() * (0.45 - side)
  local path = string.format("/api/v1/parcels?bbox=%.9f,%.9f,%.9f,%.9f&limit=%s",
    west, south, west + side, south + side, limit)
  return wrk.format("GET", path)
end
