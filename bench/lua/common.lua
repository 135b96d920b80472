-- Shared by every scenario (loaded with dofile by each script, in every wrk Lua state).
-- Counts HTTP statuses per thread in response() and, in done(), prints ONE line
--   BENCH_JSON {...}
-- with requests, duration, latency percentiles and the status counts summed over threads, which bench.py parses.
-- setup() gives each thread its index (tid) and the thread count (nthreads, from the environment BENCH_WRK_THREADS).

local threads = {}

function setup(thread)
   thread:set("tid", #threads)
   thread:set("nthreads", tonumber(os.getenv("BENCH_WRK_THREADS") or "1"))
   table.insert(threads, thread)
end

counts = {}      -- status -> number of responses, per thread
local clients = 0

-- A different resident for every anonymous write, as on a municipality's front page: the service sits behind a
-- trusted proxy (run.sh sets SAMEN_TRUSTED_PROXIES=127.0.0.1), so each request's X-Forwarded-For address is its own
-- client key and its own rate-limit bucket. From one address, every write would queue on one bucket row, which no
-- real audience does.
function next_client()
   clients = clients + 1
   return string.format("10.%d.%d.%d", 100 + tid, math.floor(clients / 256) % 256, clients % 256)
end
exhausted = 0    -- set by scripts that ran out of their input (vote tokens)

function response(status, headers, body)
   counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
   local statuses, total_exhausted = {}, 0
   for _, thread in ipairs(threads) do
      local c = thread:get("counts") or {}
      for status, n in pairs(c) do
         statuses[status] = (statuses[status] or 0) + n
      end
      total_exhausted = total_exhausted + (thread:get("exhausted") or 0)
   end
   local ok, not_modified, non2xx = 0, 0, 0
   local parts = {}
   for status, n in pairs(statuses) do
      if status >= 200 and status < 300 then
         ok = ok + n
      elseif status == 304 then
         not_modified = not_modified + n
      else
         non2xx = non2xx + n
      end
      table.insert(parts, string.format('"%d":%d', status, n))
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"ok_2xx":%d,"not_modified_304":%d,"non_2xx":%d,'
      .. '"statuses":{%s},"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},'
      .. '"latency_us":{"min":%d,"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d},"exhausted":%d}\n',
      summary.requests, summary.duration, summary.bytes, ok, not_modified, non2xx,
      table.concat(parts, ","), e.connect, e.read, e.write, e.timeout,
      latency.min, latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency:percentile(99.9), latency.max, total_exhausted))
end
