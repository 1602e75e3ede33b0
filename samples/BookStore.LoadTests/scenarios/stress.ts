// Stress test: the catalogue traffic of the load test, raised in steps to five times its virtual users, to find
// the load at which latency or errors cross the thresholds. Failed thresholds here show where the limit is.
import type { Options } from "k6/options";
import { loadCatalogue } from "../lib/bookstore.ts";
import type { Catalogue } from "../lib/bookstore.ts";
import { CHECK_THRESHOLDS, STANDARD_THRESHOLDS, SUMMARY_TREND_STATS } from "../lib/config.ts";
import { catalogueIteration } from "../lib/flows.ts";
import { writeSummary } from "../lib/summary.ts";
import type { SummaryData } from "../lib/summary.ts";

export const options: Options = {
  scenarios: {
    stress: {
      executor: "ramping-vus",
      startVUs: 0,
      stages: [
        { duration: "1m", target: 20 },
        { duration: "2m", target: 20 },
        { duration: "1m", target: 50 },
        { duration: "2m", target: 50 },
        { duration: "1m", target: 100 },
        { duration: "2m", target: 100 },
        { duration: "1m", target: 0 },
      ],
      gracefulRampDown: "10s",
    },
  },
  thresholds: { ...STANDARD_THRESHOLDS, ...CHECK_THRESHOLDS },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup(): Catalogue {
  return loadCatalogue();
}

export default function (catalogue: Catalogue): void {
  catalogueIteration(catalogue);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return writeSummary("stress", data);
}
