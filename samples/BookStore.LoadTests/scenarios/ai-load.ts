// AI load test: LLM requests ramped from 1 to 5 per second and held for 3 minutes. The arrival-rate executor starts
// requests on schedule even while earlier ones are slow, as independent users do, so a slow LLM shows up as higher
// latency instead of a lower request rate.
import type { Options } from "k6/options";
import { loadCatalogue } from "../lib/bookstore.ts";
import type { Catalogue } from "../lib/bookstore.ts";
import { CHECK_THRESHOLDS, LLM_THRESHOLDS, SUMMARY_TREND_STATS } from "../lib/config.ts";
import { llmRequest } from "../lib/flows.ts";
import { writeSummary } from "../lib/summary.ts";
import type { SummaryData } from "../lib/summary.ts";

export const options: Options = {
  scenarios: {
    ai_load: {
      executor: "ramping-arrival-rate",
      startRate: 1,
      timeUnit: "1s",
      // 5 requests per second at the 8 s p95 limit need 40 requests in flight, so up to 60 virtual users.
      preAllocatedVUs: 10,
      maxVUs: 60,
      stages: [
        { duration: "1m", target: 5 },
        { duration: "3m", target: 5 },
        { duration: "30s", target: 0 },
      ],
    },
  },
  thresholds: { ...LLM_THRESHOLDS, ...CHECK_THRESHOLDS },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup(): Catalogue {
  return loadCatalogue();
}

export default function (catalogue: Catalogue): void {
  llmRequest(catalogue);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return writeSummary("ai-load", data);
}
