-- wrk script for run.sh: which paths to request, and the figures to report.
--
-- PATHS_MODE=windows  GET /ogc/collections/parcels/items?bbox=…&limit=LIMIT for random square windows
--                     of WINDOW_KM km a side around the towns of TOWNS_FILE (a line per town:
--                     lon lat degrees-of-longitude-per-km degrees-of-latitude-per-km spread-km).
--                     The draw is the one the floor's pgbench prelude makes (run.sh writes both):
--                     a town at random, then the window's centre moved from the town centre by up to
--                     1.5 spreads east-west and north-south, evenly.
-- PATHS_MODE=list     every path of PATHS_FILE once, in order, then stop (fresh tiles for a cold cache;
--                     one connection, or each connection would walk the same list)
-- PATHS_MODE=fixed    FIXED_PATH again and again
--
-- done() prints one line for run.sh: RESULT p50-ms p95-ms requests-per-second requests errors.
--
-- Latency is timed here, not taken from wrk's histogram: before it reports, wrk "corrects" its
-- histogram for coordinated omission, adding made-up samples for every request slower than the mean
-- interval between requests. That suits a constant-rate load, not one client waiting for each answer:
-- on tiles, where a few are slow, it doubled the median. With ONE_CLIENT=1 (run wrk -t1 -c1), a
-- request's latency is the time from its request() call (made just before wrk writes it) to the next
-- one (made as soon as the answer has been read), so the percentiles are of measured requests only,
-- as pgbench's log gives them for the floor. Otherwise p50 and p95 print as nan.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *time);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local mode = os.getenv("PATHS_MODE") or "fixed"
local one_client = os.getenv("ONE_CLIENT") == "1"
local towns = {}
local paths = {}
local next_path = 1
-- when each request() was called, on this thread (global, so that done() can read it: thread:get)
starts = {}

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
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
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
  if one_client then
    starts[#starts + 1] = now_us()
  end
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
    if next_path > #paths then
      -- every path has been answered (this call's time closes the last one): stop here; the request
      -- returned below goes out but is never waited for
      wrk.thread:stop()
    end
    local path = paths[math.min(next_path, #paths)]
    next_path = next_path + 1
    return wrk.format("GET", path)
  else
    return wrk.format("GET", fixed)
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then
    return 0 / 0
  end
  return sorted[math.max(1, math.ceil(p * #sorted))]
end

done = function(summary, latency, requests)
  local measured = {}
  if one_client and #threads == 1 then
    local times = threads[1]:get("starts")
    for i = 1, #times - 1 do
      measured[#measured + 1] = times[i + 1] - times[i]
    end
    table.sort(measured)
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %.3f %.3f %.1f %d %d\n",
    percentile(measured, 0.50) / 1000, percentile(measured, 0.95) / 1000,
    summary.requests / (summary.duration / 1e6), #measured > 0 and #measured or summary.requests, errors))
end
