// Mixed test: catalogue traffic, LLM requests and monitoring polls at the same time for 3 minutes, to show
// whether slow LLM calls hold back the requests that do not call the LLM.
import type { Options } from "k6/options";
import { loadCatalogue } from "../lib/bookstore.ts";
import type { Catalogue } from "../lib/bookstore.ts";
import { CHECK_THRESHOLDS, LLM_THRESHOLDS, STANDARD_THRESHOLDS, SUMMARY_TREND_STATS } from "../lib/config.ts";
import { catalogueIteration, checkOperations, llmRequest } from "../lib/flows.ts";
import { writeSummary } from "../lib/summary.ts";
import type { SummaryData } from "../lib/summary.ts";

export const options: Options = {
  scenarios: {
    catalogue: { executor: "constant-vus", vus: 10, duration: "3m", exec: "catalogueTraffic" },
    llm: {
      executor: "constant-arrival-rate",
      rate: 2,
      timeUnit: "1s",
      duration: "3m",
      preAllocatedVUs: 5,
      maxVUs: 30,
      exec: "llmTraffic",
    },
    // One poll of /health and /metrics every 5 s, as a Prometheus scrape and a health probe would send.
    operations: {
      executor: "constant-arrival-rate",
      rate: 1,
      timeUnit: "5s",
      duration: "3m",
      preAllocatedVUs: 1,
      maxVUs: 2,
      exec: "operationsTraffic",
    },
  },
  thresholds: { ...STANDARD_THRESHOLDS, ...LLM_THRESHOLDS, ...CHECK_THRESHOLDS },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup(): Catalogue {
  return loadCatalogue();
}

export function catalogueTraffic(catalogue: Catalogue): void {
  catalogueIteration(catalogue);
}

export function llmTraffic(catalogue: Catalogue): void {
  llmRequest(catalogue);
}

export function operationsTraffic(): void {
  checkOperations();
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return writeSummary("mixed", data);
}
