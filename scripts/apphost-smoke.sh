#!/usr/bin/env bash
# Smoke check of the Aspire app host (samples/BookStore.AppHost). It starts the stack with `dotnet run` and waits
# until the API is healthy and Prometheus scrapes it. Then it sends one summary request and checks that the Aspire
# dashboard received the API's spans and metrics over OTLP. At the end it stops every process it started, including
# DCP and the processes that DCP started. Where `docker info` fails, the app host must log why it skipped Grafana.
#
# Needs: the .NET 10 SDK, curl, python3, and Prometheus on PATH (Debian: apt-get install prometheus).
# Uses 127.0.0.1 ports 5080 (API), 9090 (Prometheus) and 18888-18890 (dashboard, OTLP, resource service), which
# must be free. Every wait has a time limit, so a run ends on its own. Exit code 0 when every check passed, 1 when a
# check failed, 2 when a precondition is not met.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

api="http://127.0.0.1:5080"
prometheus="http://127.0.0.1:9090"
dashboard="http://localhost:18888"
ports=(5080 9090 18888 18889 18890)

build_timeout=${APPHOST_SMOKE_BUILD_TIMEOUT:-600}
start_timeout=${APPHOST_SMOKE_START_TIMEOUT:-120}
check_timeout=${APPHOST_SMOKE_CHECK_TIMEOUT:-60}
stop_timeout=${APPHOST_SMOKE_STOP_TIMEOUT:-60}

work=$(mktemp -d)
log="$work/apphost.log"
passed=0
failed=0
session=""
script_start=$SECONDS

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

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

# Returns 0 when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# Runs "$@" once a second until it succeeds or $1 seconds have passed.
retry_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 1
  done
}

random_key() {
  python3 -c 'import secrets; print(secrets.token_hex(16))'
}

# Prints the pid and the pids of all its descendants, one a line.
process_tree() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END {
      keep[root] = 1
      changed = 1
      while (changed) {
        changed = 0
        for (pid in parent) {
          if (!(pid in keep) && (parent[pid] in keep)) { keep[pid] = 1; changed = 1 }
        }
      }
      for (pid in keep) print pid
    }'
}

# Prints the pids of the app host's session and of DCP's processes. DCP starts in sessions of its own and watches
# the app host's pid (its --monitor argument), so it is found by that argument rather than by its parent.
stack_processes() {
  local apphost_pid
  ps -e -o pid=,sid= | awk -v session="$session" '$2 == session { print $1 }'
  for apphost_pid in $(ps -e -o pid=,sid= | awk -v session="$session" '$2 == session { print $1 }'); do
    ps -e -o pid=,args= | awk -v monitored="$apphost_pid" '
      $0 ~ /dcp start-apiserver/ && $0 ~ ("--monitor " monitored "( |$)") { print $1 }' |
      while read -r dcp_pid; do
        process_tree "$dcp_pid"
      done
  done
}

# Prints the pids among "$@" that are still running. A zombie counts as ended: where pid 1 does not reap orphans
# (as in some containers), the processes that DCP leaves to it stay zombies after they exit.
alive_processes() {
  local pid state
  for pid in "$@"; do
    state=$(ps -o stat= -p "$pid" 2> /dev/null || true)
    if [[ -n "$state" && "$state" != Z* ]]; then
      echo "$pid"
    fi
  done
}

# Stops the app host with SIGTERM, on which it shuts down gracefully and DCP stops its resources, then kills whatever
# is left after $stop_timeout seconds. SIGINT would not work: a background job of a non-interactive shell starts with
# SIGINT ignored. Only the processes found by stack_processes are signalled.
stop_stack() {
  if [[ -z "$session" ]]; then
    return 0
  fi

  local processes remaining
  mapfile -t processes < <(stack_processes | sort -u)
  kill -TERM -- "-$session" 2> /dev/null || true

  local deadline=$((SECONDS + stop_timeout))
  while ((SECONDS < deadline)); do
    mapfile -t remaining < <(alive_processes "${processes[@]}")
    if ((${#remaining[@]} == 0)); then
      break
    fi
    sleep 1
  done

  mapfile -t remaining < <(alive_processes "${processes[@]}")
  if ((${#remaining[@]} > 0)); then
    echo "Killing ${#remaining[@]} processes still running ${stop_timeout}s after SIGTERM: ${remaining[*]}" >&2
    kill -KILL "${remaining[@]}" 2> /dev/null || true
  fi
  session=""
}

cleanup() {
  stop_stack
  rm -rf "$work"
}
trap cleanup EXIT

# --- Preconditions ----------------------------------------------------------------------------------------------

for command in dotnet curl python3 prometheus; do
  if ! command -v "$command" > /dev/null; then
    echo "Missing command: $command. Install it and run again." >&2
    exit 2
  fi
done

for port in "${ports[@]}"; do
  if port_in_use "$port"; then
    echo "Port 127.0.0.1:$port is in use. Stop the program that listens there, or wait for it to end, and run again." >&2
    exit 2
  fi
done

# --- Build and start --------------------------------------------------------------------------------------------

echo "== Building samples/BookStore.AppHost (time limit ${build_timeout}s)"
phase_start=$SECONDS
timeout "$build_timeout" dotnet build samples/BookStore.AppHost --nologo -v quiet
echo "   built in $((SECONDS - phase_start))s"

dashboard_api_key=$(random_key)

echo "== Starting the app host"
phase_start=$SECONDS
# setsid puts dotnet run and the app host in a new session and process group, so that stop_stack can signal both
# at once. The keys are passed in so that Aspire neither generates nor stores keys of its own.
BookStore__DatabasePath="$work/bookstore.db" \
Prometheus__StoragePath="$work/prometheus" \
AppHost__DashboardApiKey="$dashboard_api_key" \
AppHost__OtlpApiKey="$(random_key)" \
  setsid dotnet run --no-build --project samples/BookStore.AppHost > "$log" 2>&1 < /dev/null &
session=$!

dashboard_started() {
  grep -q "Login to the dashboard at $dashboard/login" "$log" 2> /dev/null
}

api_healthy() {
  curl -fs -m 5 -o /dev/null "$api/health"
}

if ! retry_for "$start_timeout" dashboard_started; then
  echo "The dashboard did not start within ${start_timeout}s. App host output:" >&2
  tail -n 50 "$log" >&2
  exit 1
fi
echo "   dashboard at $dashboard after $((SECONDS - phase_start))s"

check "API healthy on $api" retry_for "$start_timeout" api_healthy
echo "   API healthy after $((SECONDS - phase_start))s"

# --- Checks -----------------------------------------------------------------------------------------------------

prometheus_target_up() {
  local body
  body=$(curl -fs -m 5 "$prometheus/api/v1/targets") || return 1
  python3 -c '
import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
sys.exit(0 if any(t["labels"].get("job") == "bookstore-api" and t["health"] == "up" for t in targets) else 1)' <<< "$body"
}

check "Prometheus reports the bookstore-api target up" retry_for "$check_timeout" prometheus_target_up

summary_has_usage() {
  curl -fsS -m 30 -X POST -H 'Content-Type: application/json' -d '{"maxWords": 20}' \
    "$api/api/books/1/summary" > "$work/summary.json" &&
    python3 -c '
import json, sys
usage = json.load(open(sys.argv[1]))["usage"]
sys.exit(0 if usage["inputTokens"] > 0 and usage["outputTokens"] > 0 else 1)' "$work/summary.json"
}

check "summary request returns token usage" summary_has_usage

dashboard_get() {
  curl -fs -m 10 -H "x-api-key: $dashboard_api_key" "$dashboard$1"
}

# The dashboard's telemetry HTTP API lists each resource that sent telemetry over OTLP, with flags per signal.
dashboard_has_api_traces_and_metrics() {
  local body
  body=$(dashboard_get /api/telemetry/resources) || return 1
  python3 -c '
import json, sys
resources = json.load(sys.stdin)
sys.exit(0 if any(r["name"] == "bookstore-api" and r["hasTraces"] and r["hasMetrics"] for r in resources) else 1)' <<< "$body"
}

check "dashboard lists bookstore-api with traces and metrics" retry_for "$check_timeout" dashboard_has_api_traces_and_metrics

# The summary request makes one GenAI chat span from the LlmObservability activity source, named "chat {model}".
dashboard_has_chat_span() {
  local body
  # The dashboard returns 404 for a resource name it has not received telemetry from yet.
  body=$(dashboard_get "/api/telemetry/spans?resource=bookstore-api&limit=500") || return 1
  python3 -c '
import json, sys
data = json.load(sys.stdin)["data"]
names = [span["name"]
         for resource in data.get("resourceSpans", [])
         for scope in resource.get("scopeSpans", [])
         if scope.get("scope", {}).get("name") == "LlmObservability"
         for span in scope.get("spans", [])]
sys.exit(0 if any(name.startswith("chat ") for name in names) else 1)' <<< "$body"
}

check "dashboard received the GenAI chat span" retry_for "$check_timeout" dashboard_has_chat_span

grafana_healthy() {
  curl -fs -m 5 -o /dev/null "http://127.0.0.1:3000/api/health"
}

if docker info > /dev/null 2>&1; then
  # NOTE: untested, because no machine this ran on had a Docker engine.
  check "Grafana healthy on 127.0.0.1:3000" retry_for "$start_timeout" grafana_healthy
else
  check "app host logged why Grafana was skipped" grep -q "Resource grafana was skipped" "$log"
fi

# --- Stop -------------------------------------------------------------------------------------------------------

echo "== Stopping the app host"
phase_start=$SECONDS
stop_stack
echo "   stopped in $((SECONDS - phase_start))s"

ports_free() {
  local port
  for port in "${ports[@]}"; do
    if port_in_use "$port"; then
      echo "Port 127.0.0.1:$port is still in use after the stop." >&2
      return 1
    fi
  done
}

check "all ports free after the stop" ports_free

if ((failed > 0)); then
  echo "App host output:"
  tail -n 50 "$log"
fi

echo "Total time: $((SECONDS - script_start))s"
echo "$passed passed, $failed failed"
((failed == 0))
