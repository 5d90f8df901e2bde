-- wrk: one GET (the URL given), reporting the same machine-readable line as api-post.lua.
local threads = {}
function setup(thread) table.insert(threads, thread) end
-- Globals, not locals: done() reads them from each thread with thread:get.
ok, failed = 0, 0
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
