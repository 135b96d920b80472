-- POST a vote with a distinct, pre-issued voter token per request:
--   wrk ... -s vote.lua <url> -- <path> <tokens file> <option id,option id,...>
-- Thread tid takes its own contiguous block of the file's lines, so no token is sent twice. When a thread runs out it
-- stops and reports exhausted (the harness then treats the run as broken, since the tail of the run was not measured).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path, tokens, bodies, next_token = nil, {}, {}, 0
local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }

function init(args)
   path = args[1]
   local all = {}
   for line in io.lines(args[2]) do
      if line ~= "" then all[#all + 1] = line end
   end
   local per = math.floor(#all / nthreads)
   for i = tid * per + 1, (tid + 1) * per do
      tokens[#tokens + 1] = all[i]
   end
   for option in string.gmatch(args[3], "[^,]+") do
      bodies[#bodies + 1] = '{"optionIds":["' .. option .. '"]}'
   end
end

function request()
   next_token = next_token + 1
   local token = tokens[next_token]
   if token == nil then
      -- out of tokens: stop this thread; what it sends meanwhile is a harmless read, not a duplicate vote
      exhausted = 1
      wrk.thread:stop()
      return wrk.format("GET", "/api/v1/tenants")
   end
   headers["Voter-Token"] = token
   headers["X-Forwarded-For"] = next_client()
   return wrk.format("POST", path, headers, bodies[next_token % #bodies + 1])
end
