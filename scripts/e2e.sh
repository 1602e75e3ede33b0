#!/usr/bin/env bash
# End-to-end check: the BookStore sample on 127.0.0.1, scraped every second by a real Prometheus with the bundled
# config and rules. It asserts that the spend Prometheus reports equals the cost implied by the usage the sample
# returned, then runs every dashboard panel query against live mixed traffic.
# Needs: the .NET 10 SDK, python3, and Debian's prometheus package (.ci/run installs it).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

api_port=${E2E_API_PORT:-5080}
prometheus_port=${E2E_PROMETHEUS_PORT:-19090}
api="http://127.0.0.1:${api_port}"
prometheus="http://127.0.0.1:${prometheus_port}"
work=$(mktemp -d)
passed=0
failed=0
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

check() {
  local name=$1
  shift
  if "$@"; then
    echo "PASS $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    failed=$((failed + 1))
  fi
}

wait_for() {
  local url=$1 seconds=$2
  for _ in $(seq "$seconds"); do
    if curl -fs -o /dev/null "$url"; then
      return 0
    fi
    sleep 1
  done
  echo "Timed out after ${seconds}s waiting for $url" >&2
  return 1
}

for setting in api_port prometheus_port; do
  if ! [[ ${!setting} =~ ^[0-9]+$ ]] || (( ${!setting} < 1 || ${!setting} > 65535 )); then
    echo "Invalid ${setting}: '${!setting}'. Set a TCP port from 1 to 65535." >&2
    exit 2
  fi
done

# The bundled config, with the sample's port as the scrape target and the rule files at absolute paths, so that it
# works from the temporary folder.
config_dir="$repo/dashboards/prometheus"
sed -e "s|127\.0\.0\.1:5080|127.0.0.1:${api_port}|" \
    -e "s|^  - \([a-z-]*\.yml\)$|  - ${config_dir}/\1|" \
    "$config_dir/prometheus.yml" > "$work/prometheus.yml"
if ! grep -q "127.0.0.1:${api_port}" "$work/prometheus.yml" || grep -q "^  - [a-z-]*\.yml$" "$work/prometheus.yml"; then
  echo "Could not adapt $config_dir/prometheus.yml to port ${api_port}: its target or rule_files lines changed." >&2
  exit 1
fi

echo "== Building and starting the BookStore sample on $api"
dotnet build samples/BookStore.Api --nologo -v quiet
ConnectionStrings__BookStore="Data Source=$work/bookstore.db" \
BookStore__Llm__Simulated__LatencyMs=20 \
BookStore__Llm__Simulated__JitterMs=5 \
  dotnet run --no-build --project samples/BookStore.Api --urls "$api" > "$work/api.log" 2>&1 &
pids+=($!)
wait_for "$api/health" 60 || { cat "$work/api.log"; exit 1; }

echo "== Starting Prometheus on $prometheus"
prometheus --config.file="$work/prometheus.yml" \
  --storage.tsdb.path="$work/prometheus" \
  --web.listen-address="127.0.0.1:${prometheus_port}" > "$work/prometheus.log" 2>&1 &
pids+=($!)
wait_for "$prometheus/-/ready" 60 || { cat "$work/prometheus.log"; exit 1; }

echo "== Phase 1: summary requests, then the spend in Prometheus against the usage the API returned"
: > "$work/usage.jsonl"
for round in 1 2; do
  for id in 1 2 3 4 5; do
    # The second round repeats each prompt, so the simulated provider reports cached input tokens.
    curl -fsS -X POST -H 'Content-Type: application/json' -d '{}' "$api/api/books/$id/summary" >> "$work/usage.jsonl"
    echo >> "$work/usage.jsonl"
  done
done

expected_cost() {
  python3 - "$work/usage.jsonl" "$repo/src/LlmObservability/Pricing/Data/models.json" <<'PY'
import json, sys
from decimal import Decimal
responses = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
catalogue = json.load(open(sys.argv[2]), parse_float=Decimal)["models"]
total = Decimal(0)
for response in responses:
    model = response["model"]
    # The simulated provider returns OpenAI's dated name, and the catalogue entry is the undated one.
    assert model == "gpt-4o-mini-2024-07-18", f"unexpected response model {model}"
    price = catalogue["gpt-4o-mini"]
    usage = response["usage"]
    cached = usage["cachedInputTokens"]
    total += (usage["inputTokens"] - cached) * price["input"]
    total += cached * price.get("cacheRead", price["input"])
    total += usage["outputTokens"] * price["output"]
cached_total = sum(r["usage"]["cachedInputTokens"] for r in responses)
assert cached_total > 0, "the repeated prompts reported no cached input tokens"
print(total / Decimal(1_000_000))
PY
}

query_scalar() {
  curl -fsS --get "$prometheus/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
print(result[0]["value"][1] if result else "none")'
}

expected=$(expected_cost)
echo "Expected spend from the returned usage: $expected USD"

cost_matches() {
  local actual
  for _ in $(seq 30); do
    actual=$(query_scalar 'sum(llm_usage_cost_USD_total{otel_scope_name="LlmObservability"})')
    if [[ "$actual" != none ]] && python3 -c "import sys; sys.exit(0 if abs(float('$actual') - float('$expected')) <= 1e-9 else 1)"; then
      echo "Prometheus reports $actual USD"
      return 0
    fi
    sleep 1
  done
  echo "Prometheus reports $actual USD, expected $expected USD" >&2
  return 1
}
check "spend in Prometheus equals the cost of the returned usage (within 1e-9 USD)" cost_matches

histogram_matches() {
  local count
  count=$(query_scalar 'sum(gen_ai_usage_cost_USD_count{otel_scope_name="LlmObservability"})')
  [[ "$count" == 10 ]] || { echo "cost histogram count is $count, expected 10" >&2; return 1; }
}
check "cost histogram counts one observation per summary" histogram_matches

echo "== Phase 2: mixed traffic and every dashboard panel query"
drive_mixed_traffic() {
  for id in 1 2 3 6 7; do
    curl -fsS -X POST -H 'Content-Type: application/json' -d '{}' "$api/api/books/$id/summary" > /dev/null
    curl -fsS -N -X POST -H 'Content-Type: application/json' -d '{}' "$api/api/books/$id/summary/stream" > /dev/null
  done
  curl -fsS "$api/api/books/search?q=whale" > /dev/null
  curl -fsS "$api/api/books/search?q=detective" > /dev/null
  curl -fsS -X POST -H 'Content-Type: application/json' -d '{"model":"acme-private-llm"}' "$api/api/books/2/summary" > /dev/null
  curl -fsS "$api/api/books" > /dev/null
  curl -fsS "$api/api/books/1" > /dev/null
  curl -s -o /dev/null "$api/api/books/9999" || true
  curl -s -o /dev/null -X POST -H 'X-Simulated-Fault: server_error' -H 'Content-Type: application/json' -d '{}' "$api/api/books/3/summary" || true
  curl -s -o /dev/null -X POST -H 'X-Simulated-Fault: rate_limit' -H 'Content-Type: application/json' -d '{}' "$api/api/books/4/summary" || true
}
for _ in 1 2 3; do
  drive_mixed_traffic
  sleep 2
done
# Rules are evaluated every 5 s and rate() needs two samples in its window.
sleep 12

panel_queries_return_data() {
  python3 scripts/check-dashboards.py --print-queries > "$work/queries.jsonl"
  # Recording rules and rate() windows fill in over the first minute, so empty results are retried for up to 90 s.
  python3 - "$work/queries.jsonl" "$prometheus" <<'PY'
import json, sys, time, urllib.parse, urllib.request
queries = [json.loads(line) for line in open(sys.argv[1])]

def empty_queries():
    empty = []
    for query in queries:
        url = sys.argv[2] + "/api/v1/query?" + urllib.parse.urlencode({"query": query["expr"]})
        with urllib.request.urlopen(url, timeout=10) as response:
            if not json.load(response)["data"]["result"]:
                empty.append(f'{query["dashboard"]} / {query["panel"]}: {query["expr"]}')
    return empty

deadline = time.monotonic() + 90
empty = empty_queries()
while empty and time.monotonic() < deadline:
    time.sleep(5)
    empty = empty_queries()
total = len(queries)
print(f"{total - len(empty)} of {total} panel queries returned data")
for item in empty:
    print("  empty: " + item, file=sys.stderr)
sys.exit(1 if empty or total == 0 else 0)
PY
}
check "every dashboard panel query returns data" panel_queries_return_data

scraped_names_cover_dashboards() {
  curl -fsS "$api/metrics" | python3 -c '
import re, sys
print("\n".join(sorted({m.group(1) for m in re.finditer(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", sys.stdin.read(), re.M)})))' > "$work/scraped.txt"
  python3 scripts/check-dashboards.py --list-metrics --exported-only > "$work/used.txt"
  local missing
  missing=$(comm -23 <(sort -u "$work/used.txt") "$work/scraped.txt")
  [[ -z "$missing" ]] || { echo "used by dashboards or rules but not scraped: $missing" >&2; return 1; }
}
check "every metric a dashboard or rule uses appears in the scrape" scraped_names_cover_dashboards

echo "== Counter reset: restart the sample and look for negative spend"
kill "${pids[0]}" && wait "${pids[0]}" 2>/dev/null || true
ConnectionStrings__BookStore="Data Source=$work/bookstore.db" BookStore__Llm__Simulated__LatencyMs=20 \
  dotnet run --no-build --project samples/BookStore.Api --urls "$api" >> "$work/api.log" 2>&1 &
pids[0]=$!
wait_for "$api/health" 60
curl -fsS -X POST -H 'Content-Type: application/json' -d '{}' "$api/api/books/1/summary" > /dev/null
sleep 8
no_negative_spend() {
  local value
  value=$(query_scalar 'min(increase(llm_usage_cost_USD_total{otel_scope_name="LlmObservability"}[2m]))')
  python3 -c "import sys; v='$value'; sys.exit(0 if v != 'none' and float(v) >= 0 else 1)" \
    || { echo "min increase after a restart is $value" >&2; return 1; }
}
check "a restart does not show as negative spend" no_negative_spend

echo "$passed passed, $failed failed"
[[ "$failed" == 0 ]]
