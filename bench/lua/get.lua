-- GET one path:  wrk ... -s get.lua <url> -- <path> [If-None-Match value] [Voter-Token value] [Accept-Encoding value]
-- Used for the ceiling (the embed script, gzip, as browsers fetch it: no database), the tenants list, the poll read (plain, with If-None-Match for 304s, and as a voter who has voted: the personal view)
-- and the list.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local req

function init(args)
   local headers = { ["Accept"] = string.sub(args[1], 1, 7) == "/embed/" and "*/*" or "application/json" }
   if args[2] and args[2] ~= "" then
      headers["If-None-Match"] = args[2]
   end
   if args[3] and args[3] ~= "" then
      headers["Voter-Token"] = args[3]
   end
   if args[4] and args[4] ~= "" then
      headers["Accept-Encoding"] = args[4]
   end
   req = wrk.format("GET", args[1], headers)
end

function request()
   return req
end
