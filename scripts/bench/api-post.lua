-- wrk: POST /api/reservations/ on distinct slots (a table, an hour, a day each), guests taken in turn.
-- Settings from the environment (scripts/bench-api.sh): BENCH_TOKENS, BENCH_TABLES (ids, comma-separated),
-- BENCH_RESTAURANT, BENCH_BASE (first slot number: runs do not reuse each other's slots), BENCH_THREADS.
local function list(name)
  local out = {}
  for v in string.gmatch(os.getenv(name) or "", "[^,]+") do table.insert(out, v) end
  return out
end
local tokens, tables = list("BENCH_TOKENS"), list("BENCH_TABLES")
local restaurant = os.getenv("BENCH_RESTAURANT")
local base = tonumber(os.getenv("BENCH_BASE") or "0")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local threads, next_id = {}, 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Globals, not locals: done() reads them from each thread with thread:get.
counter, created, refused, failed = 0, 0, 0, 0
function request()
  local i = base + counter * nthreads + tid
  counter = counter + 1
  local t = tables[(i % #tables) + 1]
  local q = math.floor(i / #tables)
  local hour, day = q % 24, math.floor(q / 24) + 1
  local date = os.date("!%Y-%m-%d", os.time() + day * 86400)
  local body = string.format('{"restaurant_id":%s,"table_id":%s,"reservation_date":"%s","reservation_time":"%02d:00","party_size":2}',
                             restaurant, t, date, hour)
  return wrk.format("POST", "/api/reservations/",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1]}, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 elseif status >= 500 then failed = failed + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
  local c, r, f = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("refused"); f = f + t:get("failed")
  end
  io.write(string.format("BENCH rps=%.1f p50=%.2f p99=%.2f created=%d refused=%d failed=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    c, r, f, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
