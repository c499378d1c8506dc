-- wrk script for scripts/loadtest.sh: requests the paths listed in a file, in a shuffled order,
-- half of them asking for brotli or gzip (as browsers do) and half for plain bytes, and counts
-- every status. One run expects 2xx from every path, another expects 404 from every path (wrk
-- cannot tell which request a response answers, so each run holds one kind of path).
--
--   wrk -t2 -c32 -d60s -s wrk.lua http://127.0.0.1:4200 -- PATHS_FILE EXPECT
--
-- EXPECT is "2xx" or "404". done() prints one line, `LOADTEST_WRK {json}`, with the requests,
-- the statuses, the responses that were not what EXPECT says, and wrk's socket errors.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read the paths file " .. tostring(args[1]))
  expect = args[2] or "2xx"
  requests = {}
  for path in file:lines() do
    if path ~= "" then
      table.insert(requests, wrk.format("GET", path))
      table.insert(requests, wrk.format("GET", path, { ["Accept-Encoding"] = "br, gzip" }))
    end
  end
  file:close()
  assert(#requests > 0, "no paths in " .. args[1])
  -- Each thread walks the list from its own shuffled order, so connections do not move in step.
  math.randomseed(os.time() + #threads * 7919 + math.floor(os.clock() * 1e6))
  for i = #requests, 2, -1 do
    local j = math.random(i)
    requests[i], requests[j] = requests[j], requests[i]
  end
  next_request = 0
  statuses = {}
  unexpected = 0
  -- Unexpected answers by status and content type: wrk cannot say which address they answered,
  -- but the type tells a page from a data document or a file.
  unexpected_kinds = {}
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local ok
  if expect == "404" then
    ok = status == 404
  else
    ok = status >= 200 and status < 300
  end
  if not ok then
    unexpected = unexpected + 1
    local kind = key .. " " .. (headers["content-type"] or headers["Content-Type"] or "no type")
    unexpected_kinds[kind] = (unexpected_kinds[kind] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total = {}
  local kinds = {}
  local unexpected_total = 0
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("statuses")) do
      total[key] = (total[key] or 0) + count
    end
    for key, count in pairs(thread:get("unexpected_kinds")) do
      kinds[key] = (kinds[key] or 0) + count
    end
    unexpected_total = unexpected_total + thread:get("unexpected")
  end
  local function json_counts(counts)
    local parts = {}
    for key, count in pairs(counts) do
      table.insert(parts, string.format('"%s":%d', (key:gsub('["\\]', "")), count))
    end
    table.sort(parts)
    return table.concat(parts, ",")
  end
  local expect = threads[1]:get("expect")
  local e = summary.errors
  io.write(string.format(
    'LOADTEST_WRK {"expect":"%s","requests":%d,"duration_us":%d,"bytes":%d,"statuses":{%s},'
      .. '"unexpected":%d,"unexpected_kinds":{%s},'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d},'
      .. '"latency_us":{"p50":%d,"p99":%d,"max":%d}}\n',
    expect, summary.requests, summary.duration, summary.bytes, json_counts(total),
    unexpected_total, json_counts(kinds), e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
