-- wrk: POST /api/auth/password/reset/ for <BENCH_PREFIX><n>@bench.test, n cycling over 1..BENCH_ACCOUNTS
-- across the threads, so a registered address is asked for at most a few times (under the per-address
-- limit of 3 mails an hour: every request does the whole work, link and mail included). Reports the same
-- machine-readable line as api-get.lua; anything but 202 counts as failed.
local threads = {}
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
ok, failed, n = 0, 0, 0
local prefix = os.getenv("BENCH_PREFIX") or "reset"
local accounts = tonumber(os.getenv("BENCH_ACCOUNTS") or "1000")
local stride = tonumber(os.getenv("BENCH_THREADS") or "2")
function request()
  n = n + 1
  local i = ((n * stride + offset) % accounts) + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, string.format('{"email":"%s%d@bench.test"}', prefix, i))
end
function response(status, headers, body)
  if status ~= 202 then failed = failed + 1 else ok = ok + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failed") end
  io.write(string.format("BENCH rps=%.1f p50=%.2f p99=%.2f created=0 refused=0 failed=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, f,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
