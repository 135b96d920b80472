-- POST a reaction (plain text, a different body each time) to a consultation with post-moderation (201):
--   wrk ... -s reaction.lua <url> -- <path>
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path, n = nil, 0
local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
local texts = {
   "Meer bomen en een speelplek graag.",
   "Een bankje in de schaduw zou fijn zijn voor ouderen.",
   "Houd het plein autovrij op zaterdag, dan kan de markt blijven.",
   "Graag fietsenrekken bij de ingang van de bibliotheek.",
}

function init(args)
   path = args[1]
end

function request()
   n = n + 1
   local body = '{"body":"Benchmarkreactie ' .. tid .. '-' .. n .. ': ' .. texts[n % #texts + 1] .. '"}'
   headers["X-Forwarded-For"] = next_client()
   return wrk.format("POST", path, headers, body)
end
