-- wrk: GET each path of the file BENCH_PATHS in turn (one per line), the threads taking every other one,
-- so each is asked for once while the file lasts (first clicks on distinct links). Reports the same
-- machine-readable line as api-get.lua; a 5xx counts as failed.
local threads = {}
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
ok, failed, n = 0, 0, 0
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do table.insert(paths, line) end
local stride = tonumber(os.getenv("BENCH_THREADS") or "2")
function request()
  local i = ((n * stride + offset) % #paths) + 1
  n = n + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status >= 500 then failed = failed + 1 else ok = ok + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failed") end
  io.write(string.format("BENCH rps=%.1f p50=%.2f p99=%.2f created=0 refused=0 failed=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, f,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
