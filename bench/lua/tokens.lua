-- Pre-issues voter tokens through the API (POST /tenants/{t}/voter-tokens) and writes them, one per line, to
-- <prefix>.<tid>; each thread stops once it has written <count>/<threads> tokens:
--   wrk ... -s tokens.lua <url> -- <path> <prefix> <count>
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path, file, quota, written = nil, nil, 0, 0

function init(args)
   path = args[1]
   file = assert(io.open(args[2] .. "." .. tid, "w"))
   quota = math.ceil(tonumber(args[3]) / nthreads)
end

function request()
   return wrk.format("POST", path, { ["Accept"] = "application/json", ["X-Forwarded-For"] = next_client() })
end

function response(status, headers, body)
   counts[status] = (counts[status] or 0) + 1
   if status == 201 and written < quota then
      local token = string.match(body, '"token"%s*:%s*"([^"]+)"')
      if token then
         file:write(token, "\n")
         written = written + 1
         if written % 100 == 0 then file:flush() end
         if written >= quota then
            file:flush()
            wrk.thread:stop()
         end
      end
   end
end
