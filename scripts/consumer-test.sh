#!/usr/bin/env bash
# Clean-consumer check: packs LlmObservability and LlmObservability.AspNetCore, installs them from a local folder into
# a new `dotnet new web` project, and runs that project on 127.0.0.1. It asserts that one LLM call through the
# documented one-line setup produces the cost metrics on /metrics and a span with gen_ai.usage.cost, and that both
# carry the cost the built-in catalogue gives for the fake usage.
# Needs: the .NET 10 SDK, python3, curl, and the package feeds configured for the current user (read with
# `dotnet nuget list source`) for the dependencies.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Upper bounds in seconds, far above the usual durations, so that a hung step fails instead of stalling CI.
step_timeout=${CONSUMER_TEST_STEP_TIMEOUT:-900}
start_timeout=60
telemetry_timeout=30

work=$(mktemp -d)
pack_dir="$work/packages"
app_dir="$work/ConsumerApp"
app_log="$work/app.log"
app_pid=""
passed=0
failed=0

cleanup() {
  if [[ -n "$app_pid" ]]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail_setup() {
  echo "$1" >&2
  echo "consumer-test: FAIL (setup failed: $1)"
  exit 1
}

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

xml_escape() {
  sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' <<< "$1"
}

echo "== Packing both packages into $pack_dir"
for project in src/LlmObservability src/LlmObservability.AspNetCore; do
  timeout "$step_timeout" dotnet pack "$project" -c Release -o "$pack_dir" --nologo -v quiet --disable-build-servers \
    || fail_setup "dotnet pack $project failed or timed out after ${step_timeout}s"
done

nupkg=$(find "$pack_dir" -name 'LlmObservability.AspNetCore.*.nupkg' ! -name '*.snupkg' | head -n 1)
[[ -n "$nupkg" ]] || fail_setup "no LlmObservability.AspNetCore package in $pack_dir"
version=$(basename "$nupkg" .nupkg)
version=${version#LlmObservability.AspNetCore.}
for file in "LlmObservability.$version.nupkg" "LlmObservability.$version.snupkg" \
            "LlmObservability.AspNetCore.$version.nupkg" "LlmObservability.AspNetCore.$version.snupkg"; do
  [[ -f "$pack_dir/$file" ]] || fail_setup "pack did not produce $file"
done
echo "Packed version $version"

# The consumer's OpenTelemetry console exporter matches the OpenTelemetry version the library is built against.
otel_version=$(sed -n 's/.*<PackageVersion Include="OpenTelemetry" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
[[ -n "$otel_version" ]] || fail_setup "no OpenTelemetry version in Directory.Packages.props"

echo "== Creating a new web project in $app_dir"
timeout "$step_timeout" dotnet new web --name ConsumerApp --output "$app_dir" --framework net10.0 --no-restore > /dev/null \
  || fail_setup "dotnet new web failed"

# The feeds the current user has enabled, as "name<TAB>url" lines. They are listed from outside the repository, so that
# only the user's and the machine's NuGet configuration apply.
feeds=$(cd "$work" && dotnet nuget list source --format detailed | awk '
  /^ *[0-9]+\. .* \[Enabled\]$/ { sub(/^ *[0-9]+\. +/, ""); sub(/ \[Enabled\]$/, ""); name = $0; getline; gsub(/^ +| +$/, ""); print name "\t" $0 }')
[[ -n "$feeds" ]] || fail_setup "dotnet nuget list source shows no enabled package source for the dependencies"

# A fresh global packages folder, so that no earlier build of the same version is taken from the cache. The user's
# folder serves as a read-only fallback for the dependencies, unless it contains an LlmObservability package of this
# version, which would win over the one just packed.
user_packages=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
fallback=""
if [[ -n "$user_packages" && -d "$user_packages" \
      && ! -d "$user_packages/llmobservability/$version" && ! -d "$user_packages/llmobservability.aspnetcore/$version" ]]; then
  fallback="<add key=\"user-packages\" value=\"$(xml_escape "$user_packages")\" />"
fi

# Package source mapping makes the LlmObservability packages come from the local folder only, whatever the feeds contain.
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo "  <config><add key=\"globalPackagesFolder\" value=\"$(xml_escape "$work/nuget-packages")\" /></config>"
  echo "  <fallbackPackageFolders><clear />$fallback</fallbackPackageFolders>"
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"local-pack\" value=\"$(xml_escape "$pack_dir")\" />"
  while IFS=$'\t' read -r name url; do
    echo "    <add key=\"$(xml_escape "$name")\" value=\"$(xml_escape "$url")\" />"
  done <<< "$feeds"
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="local-pack"><package pattern="LlmObservability" /><package pattern="LlmObservability.*" /></packageSource>'
  while IFS=$'\t' read -r name _; do
    echo "    <packageSource key=\"$(xml_escape "$name")\"><package pattern=\"*\" /></packageSource>"
  done <<< "$feeds"
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$app_dir/nuget.config"

echo "== Adding LlmObservability.AspNetCore $version and OpenTelemetry.Exporter.Console $otel_version"
timeout "$step_timeout" dotnet add "$app_dir" package LlmObservability.AspNetCore --version "$version" > "$work/add.log" 2>&1 \
  || { cat "$work/add.log" >&2; fail_setup "dotnet add package LlmObservability.AspNetCore failed"; }
timeout "$step_timeout" dotnet add "$app_dir" package OpenTelemetry.Exporter.Console --version "$otel_version" > "$work/add.log" 2>&1 \
  || { cat "$work/add.log" >&2; fail_setup "dotnet add package OpenTelemetry.Exporter.Console failed"; }

# The one line an adopter adds is builder.AddLlmObservability(). The console exporter is there only so that this script
# can read the span.
cat > "$app_dir/Program.cs" <<'CSHARP'
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);

builder.AddLlmObservability();

builder.Services.AddChatClient(new FakeChatClient());
builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddConsoleExporter());

var app = builder.Build();

app.MapGet("/chat", async (IChatClient client) =>
{
    ChatResponse response = await client.GetResponseAsync("Say hello.");
    return response.Text;
});

app.Run();

/// <summary>A chat client that answers without a network call and reports fixed token usage for gpt-4o-mini.</summary>
internal sealed class FakeChatClient : IChatClient
{
    public const int InputTokens = 1200;
    public const int OutputTokens = 300;

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response = new(new ChatMessage(ChatRole.Assistant, "Hello."))
        {
            ModelId = "gpt-4o-mini",
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = InputTokens,
                OutputTokenCount = OutputTokens,
                TotalTokenCount = InputTokens + OutputTokens,
            },
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata)
            ? new ChatClientMetadata("openai", defaultModelId: "gpt-4o-mini")
            : null;

    public void Dispose()
    {
    }
}
CSHARP

echo "== Building the consumer project"
timeout "$step_timeout" dotnet build "$app_dir" -c Release --nologo -v quiet --disable-build-servers > "$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail_setup "the consumer project does not build"; }

echo "== Starting the consumer on 127.0.0.1 with a port the OS picks"
# No OTLP variables reach the app, so it sends telemetry nowhere but its console and /metrics.
(cd "$app_dir" && exec env -u OTEL_EXPORTER_OTLP_ENDPOINT -u OTEL_EXPORTER_OTLP_TRACES_ENDPOINT \
  -u OTEL_EXPORTER_OTLP_METRICS_ENDPOINT -u OTEL_EXPORTER_OTLP_LOGS_ENDPOINT ASPNETCORE_ENVIRONMENT=Production \
  dotnet "bin/Release/net10.0/ConsumerApp.dll" --urls "http://127.0.0.1:0") > "$app_log" 2>&1 &
app_pid=$!

url=""
for _ in $(seq "$start_timeout"); do
  url=$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$app_log" | head -n 1)
  [[ -n "$url" ]] && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 1
done
if [[ -z "$url" ]]; then
  cat "$app_log" >&2
  fail_setup "the consumer did not report a listening address within ${start_timeout}s"
fi
echo "Consumer listening on $url"

expected_cost=$(python3 - "$repo/src/LlmObservability/Pricing/Data/models.json" <<'PY'
import json, sys
from decimal import Decimal
price = json.load(open(sys.argv[1]), parse_float=Decimal)["models"]["gpt-4o-mini"]
# FakeChatClient reports 1200 input tokens, none cached, and 300 output tokens. Prices are in USD per million tokens.
print((1200 * price["input"] + 300 * price["output"]) / Decimal(1_000_000))
PY
)
echo "Expected cost of the call: $expected_cost USD"

chat_answers() {
  local body
  body=$(curl -fsS --max-time 30 "$url/chat") || return 1
  [[ "$body" == "Hello." ]] || { echo "GET /chat returned '$body', expected 'Hello.'" >&2; return 1; }
}
check "GET /chat returns the fake client's answer" chat_answers

scrape() {
  curl -fsS --max-time 30 "$url/metrics" > "$work/metrics.txt"
}

# Prints the name of each required series that the last scrape lacks.
missing_series() {
  local name
  for name in llm_usage_cost_USD_total gen_ai_client_operation_duration_seconds_bucket gen_ai_usage_cost_USD_bucket; do
    grep -Eq "^${name}\{[^}]*otel_scope_name=\"LlmObservability\"" "$work/metrics.txt" || echo "$name"
  done
}

# The Prometheus exporter caches each scrape response (300 ms by default in 1.20.1-beta.1), so a missing series is
# retried for a while.
metrics_have_series() {
  local missing=""
  for _ in $(seq "$telemetry_timeout"); do
    scrape || return 1
    missing=$(missing_series)
    [[ -z "$missing" ]] && return 0
    sleep 1
  done
  echo "/metrics has no series with otel_scope_name=\"LlmObservability\" for: $missing" >&2
  return 1
}
check "/metrics has the cost and duration series of the LlmObservability scope" metrics_have_series

metrics_cost_matches() {
  python3 - "$work/metrics.txt" "$expected_cost" <<'PY'
import re, sys
from decimal import Decimal
pattern = re.compile(r'^llm_usage_cost_USD_total\{([^}]*)\} (\S+)', re.M)
values = [float(m.group(2)) for m in pattern.finditer(open(sys.argv[1]).read())
          if 'otel_scope_name="LlmObservability"' in m.group(1)]
total, expected = sum(values), float(Decimal(sys.argv[2]))
if abs(total - expected) > 1e-12:
    sys.exit(f"llm_usage_cost_USD_total sums to {total} USD, expected {expected} USD")
PY
}
check "llm_usage_cost_USD_total equals the catalogue price of the usage" metrics_cost_matches

# Reads the console exporter's output: one block per span, from "Activity.TraceId:" to the next one.
span_has_cost() {
  python3 - "$app_log" "$expected_cost" "$telemetry_timeout" <<'PY'
import re, sys, time
from decimal import Decimal
log_path, expected, timeout = sys.argv[1], float(Decimal(sys.argv[2])), int(sys.argv[3])

def llm_chat_spans():
    blocks = re.split(r"^(?=Activity\.TraceId:)", open(log_path).read(), flags=re.M)
    return [b for b in blocks
            if re.search(r"^Activity\.DisplayName: +chat gpt-4o-mini$", b, re.M)
            and re.search(r"^Instrumentation scope \(ActivitySource\):\n +Name: LlmObservability$", b, re.M)]

deadline = time.monotonic() + timeout
spans = llm_chat_spans()
while not spans and time.monotonic() < deadline:
    time.sleep(1)
    spans = llm_chat_spans()
if len(spans) != 1:
    sys.exit(f"the console exporter printed {len(spans)} 'chat gpt-4o-mini' spans of the LlmObservability source, expected 1")
match = re.search(r"^ +gen_ai\.usage\.cost: (\S+)$", spans[0], re.M)
if not match:
    sys.exit("the 'chat gpt-4o-mini' span has no gen_ai.usage.cost attribute")
if abs(float(match.group(1)) - expected) > 1e-12:
    sys.exit(f"the span's gen_ai.usage.cost is {match.group(1)} USD, expected {expected} USD")
PY
}
check "the chat span carries gen_ai.usage.cost with the catalogue price" span_has_cost

if [[ "$failed" != 0 ]]; then
  echo "---- consumer log ($app_log) ----" >&2
  cat "$app_log" >&2
fi

echo "$passed passed, $failed failed"
if [[ "$failed" == 0 ]]; then
  echo "consumer-test: PASS"
else
  echo "consumer-test: FAIL"
  exit 1
fi
