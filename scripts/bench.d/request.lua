-- One request shape for wrk, described by the environment (set by scripts/bench):
--   BENCH_METHOD, BENCH_PATH, BENCH_BODY, BENCH_HEADERS ("Name: value" lines)
--   BENCH_THEN_METHOD/PATH/BODY/HEADERS + BENCH_CAPTURE (a Lua pattern): after each first
--   request, a second one whose body and path get %s replaced by the captured text
--   (SQS ReceiveMessage then DeleteMessage with the receipt handle).
--   BENCH_UNIQUE=1: "%n" in path and body becomes a counter unique per thread and request.
-- done() prints one line "BENCH {json}" with the figures scripts/bench reads.

local function parse_headers(text)
  local headers = {}
  for line in string.gmatch(text or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
  end
  return headers
end

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local headers = parse_headers(os.getenv("BENCH_HEADERS"))
local then_method = os.getenv("BENCH_THEN_METHOD")
local then_path = os.getenv("BENCH_THEN_PATH") or "/"
local then_body = os.getenv("BENCH_THEN_BODY")
local then_headers = parse_headers(os.getenv("BENCH_THEN_HEADERS"))
local capture = os.getenv("BENCH_CAPTURE")
local unique = os.getenv("BENCH_UNIQUE") == "1"

local counter = 0
local pending_capture = nil
local threads = {}

-- thread_id is a global that setup() sets in each thread's own Lua state.
function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local function fill(text, value)
  if not text then return nil end
  if unique then text = string.gsub(text, "%%n", (thread_id or 0) .. "-" .. counter) end
  if value then text = string.gsub(text, "%%s", function() return value end) end
  return text
end

function request()
  counter = counter + 1
  if pending_capture then
    local value = pending_capture
    pending_capture = nil
    return wrk.format(then_method, fill(then_path, value), then_headers, fill(then_body, value))
  end
  return wrk.format(method, fill(path), headers, fill(body))
end

function response(status, hdrs, resp_body)
  if then_method and capture and resp_body then
    pending_capture = string.match(resp_body, capture)
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_us":%d,"p99_us":%d,"errors":%d,"non2xx":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
