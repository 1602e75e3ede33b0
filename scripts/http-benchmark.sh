#!/usr/bin/env bash
# HTTP overhead of LlmObservability in the BookStore sample. Each round starts the sample on 127.0.0.1 twice, first
# with the library on and then with LlmObservability__Enabled=false, and drives the same request mix with wrk for a
# fixed duration and number of connections. Simulated LLM latency is 0, so the run measures the service's own CPU
# cost. Prints requests per second, P95 latency and the server's CPU time per request for each run, and the median
# ON/OFF ratios of throughput and of CPU time per request. On a machine that other work shares, throughput swings
# with that work, and CPU time per request, read from /proc for the server process alone, swings less.
#
# Each run is measured in steady state. After start-up, the .NET runtime recompiles hot methods at a higher tier in
# a background thread. Under this load on a 2-core machine that went on for 25 to 35 s and took about 15% of the
# server's CPU time, and with the library on the runtime compiled about 16% more methods. A measured window that
# overlaps this one-time work counts it as per-request cost, and more so with the library on. So the warm-up load
# runs in 5 s slices until that thread used less than 2% of the server's CPU time in the last slice.
#
# Needs: Linux (for /proc), the .NET 10 SDK, curl, python3 and wrk (Debian package "wrk").
# Settings, from the environment:
#   HTTP_BENCH_ROUNDS          ON/OFF pairs to run (default 3)
#   HTTP_BENCH_SECONDS         measured duration of each run, in seconds (default 20)
#   HTTP_BENCH_WARMUP_SECONDS  minimum unmeasured load before each measured run, in seconds (default 10)
#   HTTP_BENCH_MAX_WARMUP_SECONDS
#                              maximum unmeasured load, in seconds (default 120). A run that reaches it without
#                              settling is measured anyway, and the script prints a warning.
#   HTTP_BENCH_CONNECTIONS     open connections wrk keeps (default 16)
#   HTTP_BENCH_THREADS         wrk threads (default 1)
# All traffic goes to the sample on 127.0.0.1, and the sample's simulated LLM listens on 127.0.0.1 too. The script
# stops every server it starts, also on failure or Ctrl+C.
set -euo pipefail

rounds=${HTTP_BENCH_ROUNDS:-3}
seconds=${HTTP_BENCH_SECONDS:-20}
warmup_seconds=${HTTP_BENCH_WARMUP_SECONDS:-10}
max_warmup_seconds=${HTTP_BENCH_MAX_WARMUP_SECONDS:-120}
connections=${HTTP_BENCH_CONNECTIONS:-16}
threads=${HTTP_BENCH_THREADS:-1}

for setting in rounds seconds warmup_seconds max_warmup_seconds connections threads; do
  if ! [[ ${!setting} =~ ^[0-9]+$ ]] || (( ${!setting} < 1 )); then
    echo "Invalid ${setting}: '${!setting}'. Set it to a positive integer." >&2
    exit 2
  fi
done

if (( max_warmup_seconds < warmup_seconds )); then
  echo "Invalid settings: the maximum warm-up ($max_warmup_seconds s) is shorter than the minimum ($warmup_seconds s)." >&2
  exit 2
fi

if (( connections < threads )); then
  echo "Invalid settings: wrk needs at least as many connections ($connections) as threads ($threads)." >&2
  exit 2
fi

for tool in dotnet wrk curl python3; do
  if ! command -v "$tool" > /dev/null; then
    echo "Missing tool: $tool. Install it (wrk: apt-get install wrk) and run again." >&2
    exit 2
  fi
done

repo=$(cd "$(dirname "$0")/.." && pwd)
app_dir="$repo/samples/BookStore.Api/bin/Release/net10.0"
work=$(mktemp -d)
results="$work/results.tsv"
server_pid=""

stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2> /dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2> /dev/null || break
      sleep 0.2
    done
    kill -9 "$server_pid" 2> /dev/null || true
    wait "$server_pid" 2> /dev/null || true
    server_pid=""
  fi
}

cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Asks the OS for a free port on 127.0.0.1. Ports 5080 and 19090 are skipped because the end-to-end script uses them.
free_port() {
  local port
  while true; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    if [[ "$port" != 5080 && "$port" != 19090 ]]; then
      echo "$port"
      return
    fi
  done
}

# Starts the sample with the library on (true) or off (false) and waits until it serves requests. Sets $base_url.
start_server() {
  local enabled=$1 label=$2 port
  port=$(free_port)
  base_url="http://127.0.0.1:${port}"

  # OTEL_EXPORTER_OTLP_ENDPOINT is removed so that the ON runs never export to a collector named in the caller's
  # environment. LlmObservability__Enabled is the library's kill switch, read by builder.AddLlmObservability().
  (
    cd "$app_dir"
    unset OTEL_EXPORTER_OTLP_ENDPOINT
    export ASPNETCORE_ENVIRONMENT=Production
    export ConnectionStrings__BookStore="Data Source=$work/$label.db"
    export BookStore__Llm__Simulated__LatencyMs=0
    export BookStore__Llm__Simulated__JitterMs=0
    export LlmObservability__Enabled="$enabled"
    exec dotnet BookStore.Api.dll --urls "$base_url"
  ) > "$work/$label.log" 2>&1 &
  server_pid=$!

  for _ in $(seq 120); do
    if ! kill -0 "$server_pid" 2> /dev/null; then
      echo "The sample exited during start-up ($label). Its output:" >&2
      cat "$work/$label.log" >&2
      exit 1
    fi
    if curl -fs -o /dev/null --max-time 2 "$base_url/api/books"; then
      return
    fi
    sleep 0.5
  done

  echo "Timed out after 60 s waiting for the sample to serve $base_url/api/books ($label). Its output:" >&2
  cat "$work/$label.log" >&2
  exit 1
}

# Fails unless every request of the mix succeeds, so that no run measures error responses.
check_request_mix() {
  curl -fsS -o /dev/null --max-time 10 "$base_url/api/books"
  curl -fsS -o /dev/null --max-time 10 "$base_url/api/books/1"
  curl -fsS -o /dev/null --max-time 10 -X POST -H 'Content-Type: application/json' -d '{}' "$base_url/api/books/1/summary"
  curl -fsS -o /dev/null --max-time 10 "$base_url/api/books/search?q=whale"
}

# Prints whether the library is active, judged by its Prometheus endpoint: 200 when on, 404 when off.
library_state() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base_url/metrics")
  case "$status" in
    200) echo on ;;
    404) echo off ;;
    *) echo "unknown (GET /metrics returned $status)" ;;
  esac
}

# Prints the user plus system CPU time the server process has used so far, in clock ticks.
server_cpu_ticks() {
  local stat fields
  stat=$(< "/proc/$server_pid/stat")
  # The fields after the parenthesized command name start at field 3, so utime (14) and stime (15) are 11 and 12 here.
  read -r -a fields <<< "${stat##*) }"
  echo $((fields[11] + fields[12]))
}

# Prints the user plus system CPU time, in clock ticks, of the server's tiered compilation threads. The runtime names
# them ".NET Tiered Compilation Worker", which Linux cuts to 15 characters. A thread can exit between listing and
# reading, so unreadable entries are skipped.
tiered_compilation_ticks() {
  local task name stat fields total=0
  for task in /proc/"$server_pid"/task/*; do
    name=$(cat "$task/comm" 2> /dev/null) || continue
    [[ "$name" == ".NET Tiered Com"* ]] || continue
    stat=$(cat "$task/stat" 2> /dev/null) || continue
    read -r -a fields <<< "${stat##*) }"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# Runs the request mix, unmeasured, in 5 s slices: at least $warmup_seconds, then until the tiered compilation
# threads used less than 2% of the server's CPU time in the last slice, or until $max_warmup_seconds. Prints the
# seconds of warm-up load.
warm_up() {
  local label=$1 slice=5 elapsed=0 compile_before process_before compile_ticks process_ticks
  while true; do
    compile_before=$(tiered_compilation_ticks)
    process_before=$(server_cpu_ticks)
    run_load "$slice" > /dev/null
    elapsed=$((elapsed + slice))
    compile_ticks=$(($(tiered_compilation_ticks) - compile_before))
    process_ticks=$(($(server_cpu_ticks) - process_before))
    if (( elapsed >= warmup_seconds && compile_ticks * 50 < process_ticks )); then
      break
    fi
    if (( elapsed >= max_warmup_seconds )); then
      echo "WARNING: after ${elapsed} s of warm-up ($label), tiered compilation still used $compile_ticks of" \
        "$process_ticks CPU ticks, so the measured run includes JIT work. Raise HTTP_BENCH_MAX_WARMUP_SECONDS." >&2
      break
    fi
  done
  echo "$elapsed"
}

# Runs wrk with the request mix and prints the RESULT line written by the Lua script's done() callback.
run_load() {
  local duration=$1
  timeout $((duration + 60)) wrk --threads "$threads" --connections "$connections" --duration "${duration}s" \
    --timeout 10s --script "$work/mix.lua" "$base_url" > "$work/wrk.out" 2>&1 || {
      echo "wrk failed or timed out. Its output:" >&2
      cat "$work/wrk.out" >&2
      exit 1
    }
  grep '^RESULT ' "$work/wrk.out"
}

# Each wrk thread sends the four requests in turn on each of its connections.
cat > "$work/mix.lua" <<'LUA'
local requests = {}
local next_index = 0

function init(args)
  requests[1] = wrk.format("GET", "/api/books")
  requests[2] = wrk.format("GET", "/api/books/1")
  requests[3] = wrk.format("POST", "/api/books/1/summary", { ["Content-Type"] = "application/json" }, "{}")
  requests[4] = wrk.format("GET", "/api/books/search?q=whale")
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d rps=%.1f p95_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(95) / 1000, summary.errors.status, errors))
end
LUA

echo "== Building samples/BookStore.Api in Release"
dotnet build "$repo/samples/BookStore.Api" -c Release --nologo -v quiet
if [[ ! -f "$app_dir/BookStore.Api.dll" ]]; then
  echo "The build did not produce $app_dir/BookStore.Api.dll." >&2
  exit 1
fi

echo "== $rounds rounds of ON then OFF: ${seconds} s measured after ${warmup_seconds} to ${max_warmup_seconds} s of warm-up," \
  "$connections connections, $threads wrk thread(s), simulated LLM latency 0"
ticks_per_second=$(getconf CLK_TCK)
printf 'round\tmode\tstate\twarmup_s\trequests\trps\tp95_ms\tcpu_ms_per_request\tnon2xx\tsocket_errors\n' > "$results"

for round in $(seq "$rounds"); do
  for mode in on off; do
    if [[ "$mode" == on ]]; then enabled=true; else enabled=false; fi
    label="round${round}-${mode}"

    start_server "$enabled" "$label"
    check_request_mix
    state=$(library_state)
    if [[ "$state" != "$mode" ]]; then
      echo "WARNING: the $mode run has the library $state, so LlmObservability__Enabled=$enabled had no effect." >&2
    fi

    warmup=$(warm_up "$label")
    cpu_before=$(server_cpu_ticks)
    result=$(run_load "$seconds")
    cpu_after=$(server_cpu_ticks)
    stop_server

    # RESULT requests=N rps=N p95_ms=N non2xx=N socket_errors=N
    read -r requests rps p95 non2xx socket_errors < <(
      sed -E 's/^RESULT requests=([0-9]+) rps=([0-9.]+) p95_ms=([0-9.]+) non2xx=([0-9]+) socket_errors=([0-9]+)$/\1 \2 \3 \4 \5/' <<< "$result")
    cpu_ms_per_request=$(python3 -c 'import sys; ticks, hz, n = map(float, sys.argv[1:]); print(f"{ticks / hz * 1000 / n:.4f}")' \
      "$((cpu_after - cpu_before))" "$ticks_per_second" "$requests")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$state" "$warmup" "$requests" "$rps" "$p95" \
      "$cpu_ms_per_request" "$non2xx" "$socket_errors" >> "$results"
    echo "round $round, library $mode: $rps requests/s, P95 $p95 ms, $cpu_ms_per_request ms CPU per request," \
      "$requests requests, $non2xx non-2xx, $socket_errors socket errors, after $warmup s of warm-up"
  done
done

echo
python3 - "$results" <<'PY'
import csv
import statistics
import sys

with open(sys.argv[1], newline="") as results_file:
    rows = list(csv.DictReader(results_file, delimiter="\t"))

print("| Round | Library | Warm-up (s) | Requests/s | P95 latency (ms) | Server CPU per request (ms) | Requests "
      "| Non-2xx | Socket errors |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for row in rows:
    print(f"| {row['round']} | {row['mode'].upper()} | {row['warmup_s']} | {float(row['rps']):,.1f} "
          f"| {float(row['p95_ms']):.2f} | {float(row['cpu_ms_per_request']):.3f} | {int(row['requests']):,} "
          f"| {row['non2xx']} | {row['socket_errors']} |")


def ratios_per_round(column):
    by_round = {}
    for row in rows:
        by_round.setdefault(row["round"], {})[row["mode"]] = float(row[column])
    return [modes["on"] / modes["off"] for modes in by_round.values()]


throughput_ratios = ratios_per_round("rps")
cpu_ratios = ratios_per_round("cpu_ms_per_request")
median_throughput = statistics.median(throughput_ratios)
median_cpu = statistics.median(cpu_ratios)
print()
print("ON/OFF throughput ratio per round: " + ", ".join(f"{ratio:.3f}" for ratio in throughput_ratios))
print(f"Median ON/OFF throughput ratio: {median_throughput:.3f} "
      f"(target >= 0.95: {'met' if median_throughput >= 0.95 else 'missed'})")
print("ON/OFF CPU time per request ratio per round: " + ", ".join(f"{ratio:.3f}" for ratio in cpu_ratios))
print(f"Median ON/OFF CPU time per request ratio: {median_cpu:.3f} "
      f"(the throughput a CPU-bound server would keep: {1 / median_cpu:.3f})")

failed = [row for row in rows if int(row["non2xx"]) > 0 or int(row["socket_errors"]) > 0]
mismatched = [row for row in rows if row["state"] != row["mode"]]
if mismatched:
    print("WARNING: in some runs the library was not in the expected state, so ON and OFF may measure the same thing.")
if failed:
    print("ERROR: some runs had non-2xx responses or socket errors, so their throughput is not comparable.")
    sys.exit(1)
PY
