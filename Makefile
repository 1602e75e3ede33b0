# Shortcuts for running, testing and load-testing LlmObservability and its BookStore sample.
# Run `make` or `make help` for the list of targets.

LOADTESTS_DIR := samples/BookStore.LoadTests
BASE_URL ?= http://localhost:5080
# Extra arguments for every `k6 run`, such as K6_ARGS="--out json=results/points.json". Avoid --duration and
# --iterations: they replace the scenarios of a script with one that runs its default function, which mixed.ts and
# errors.ts do not export.
K6_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help run run-aspire test e2e bench loadtests-check require-k6 \
	perf-smoke perf-load perf-stress perf-spike perf-ai-smoke perf-ai-load perf-mixed perf-errors

help: ## List the targets
	@echo "Usage: make TARGET [BASE_URL=http://host:port] [K6_ARGS=...]"
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z0-9-]*:.*## / { printf "  %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

run: ## Run the BookStore sample API on http://localhost:5080
	dotnet run --project samples/BookStore.Api

run-aspire: ## Run the BookStore sample under the .NET Aspire AppHost
	dotnet run --project samples/BookStore.AppHost

test: ## Run the unit and integration tests of the solution
	dotnet test LlmObservability.sln

e2e: ## Run the end-to-end check against a real Prometheus (needs the prometheus package)
	bash scripts/e2e.sh

bench: ## Run every benchmark with BenchmarkDotNet's short job
	dotnet run -c Release --project benchmarks/LlmObservability.Benchmarks -- --filter '*' --job short

loadtests-check: ## Install the load-test tools, type-check the k6 scenarios and test the report generator
	cd $(LOADTESTS_DIR) && npm ci && npm run typecheck && npm test

require-k6:
	@command -v k6 > /dev/null 2>&1 || { \
		echo "k6 is not installed or not on PATH, so the perf-* targets cannot run." >&2; \
		echo "Install k6 v0.57 or later (https://grafana.com/docs/k6/latest/set-up/install-k6/) and run the target again." >&2; \
		exit 1; \
	}

# Runs one scenario from the load-test folder, where handleSummary() writes results/<scenario>-summary.json.
define run_k6
cd $(LOADTESTS_DIR) && mkdir -p results && k6 run -e BASE_URL=$(BASE_URL) $(K6_ARGS) scenarios/$(1).ts
endef

perf-smoke: require-k6 ## k6 smoke test: 1 virtual user on the endpoints without an LLM call, 30 s
	$(call run_k6,smoke)

perf-load: require-k6 ## k6 load test: 20 virtual users on the catalogue, 4.5 min
	$(call run_k6,load)

perf-stress: require-k6 ## k6 stress test: catalogue traffic raised in steps to 100 virtual users, 10 min
	$(call run_k6,stress)

perf-spike: require-k6 ## k6 spike test: 5 virtual users jump to 150 for 1 min, 3 min in all
	$(call run_k6,spike)

perf-ai-smoke: require-k6 ## k6 AI smoke test: each LLM endpoint 3 times with 1 virtual user
	$(call run_k6,ai-smoke)

perf-ai-load: require-k6 ## k6 AI load test: LLM requests ramped to 5 per second, 4.5 min
	$(call run_k6,ai-load)

perf-mixed: require-k6 ## k6 mixed test: catalogue, LLM and monitoring traffic together, 3 min
	$(call run_k6,mixed)

perf-errors: require-k6 ## k6 error test: 400, 404, 413 and the simulated provider faults
	$(call run_k6,errors)
