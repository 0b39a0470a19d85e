-- wrk script for run.sh: which paths to request, and the figures to report.
--
-- PATHS_MODE=windows  GET /ogc/collections/parcels/items?bbox=…&limit=LIMIT for random square windows
--                     of WINDOW_KM km a side around the towns of TOWNS_FILE (a line per town:
--                     lon lat degrees-of-longitude-per-km degrees-of-latitude-per-km spread-km).
--                     The draw is the one the floor's pgbench prelude makes (run.sh writes both):
--                     a town at random, then the window's centre moved from the town centre by up to
--                     1.5 spreads east-west and north-south, evenly.
-- PATHS_MODE=list     every path of PATHS_FILE once, in order, then stop (fresh tiles for a cold cache;
--                     use one connection, or each connection would walk the same list)
-- PATHS_MODE=fixed    FIXED_PATH again and again
--
-- done() prints one line for run.sh: RESULT p50-ms p95-ms requests-per-second requests errors.
-- (wrk's own --latency table has no 95th percentile.)

local mode = os.getenv("PATHS_MODE") or "fixed"
local towns = {}
local paths = {}
local next_path = 1
local answered = 0

local function read_lines(name)
  local lines = {}
  local file = assert(io.open(name, "r"), "cannot read " .. tostring(name))
  for line in file:lines() do
    if line ~= "" then
      lines[#lines + 1] = line
    end
  end
  file:close()
  return lines
end

-- Threads of wrk each run their own copy of this script: give each its own random sequence.
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

function init(args)
  math.randomseed(42 + 1000 * (thread_number or 0))
  if mode == "windows" then
    for _, line in ipairs(read_lines(os.getenv("TOWNS_FILE"))) do
      local lon, lat, per_km_lon, per_km_lat, spread_km = line:match("(%S+)%s+(%S+)%s+(%S+)%s+(%S+)%s+(%S+)")
      towns[#towns + 1] = { tonumber(lon), tonumber(lat), tonumber(per_km_lon), tonumber(per_km_lat), tonumber(spread_km) }
    end
  elseif mode == "list" then
    paths = read_lines(os.getenv("PATHS_FILE"))
  end
end

local window_km = tonumber(os.getenv("WINDOW_KM") or "1")
local limit = os.getenv("LIMIT") or "100"
local fixed = os.getenv("FIXED_PATH")

request = function()
  if mode == "windows" then
    local town = towns[math.random(1, #towns)]
    local dx = (2 * math.random() - 1) * 1.5 * town[5]
    local dy = (2 * math.random() - 1) * 1.5 * town[5]
    local west = town[1] + (dx - window_km / 2) * town[3]
    local south = town[2] + (dy - window_km / 2) * town[4]
    local path = string.format("/ogc/collections/parcels/items?bbox=%.9f,%.9f,%.9f,%.9f&limit=%s",
      west, south, west + window_km * town[3], south + window_km * town[4], limit)
    return wrk.format("GET", path)
  elseif mode == "list" then
    local path = paths[math.min(next_path, #paths)]
    next_path = next_path + 1
    return wrk.format("GET", path)
  else
    return wrk.format("GET", fixed)
  end
end

-- Only the list needs to see responses (to stop after the last): wrk copies every body into Lua
-- when a response() exists, which would add client work to the timings of large pages.
if mode == "list" then
  response = function(status, headers, body)
    answered = answered + 1
    if answered >= #paths then
      wrk.thread:stop()
    end
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %.3f %.3f %.1f %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, errors))
end
