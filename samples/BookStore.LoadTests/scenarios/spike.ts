// Spike test: 5 virtual users jump to 150 within 10 s, stay there for 1 minute and drop back, to show how the API
// handles a sudden burst and whether it recovers after it.
import type { Options } from "k6/options";
import { loadCatalogue } from "../lib/bookstore.ts";
import type { Catalogue } from "../lib/bookstore.ts";
import { CHECK_THRESHOLDS, STANDARD_THRESHOLDS, SUMMARY_TREND_STATS } from "../lib/config.ts";
import { catalogueIteration } from "../lib/flows.ts";
import { writeSummary } from "../lib/summary.ts";
import type { SummaryData } from "../lib/summary.ts";

export const options: Options = {
  scenarios: {
    spike: {
      executor: "ramping-vus",
      startVUs: 5,
      stages: [
        { duration: "30s", target: 5 },
        { duration: "10s", target: 150 },
        { duration: "1m", target: 150 },
        { duration: "10s", target: 5 },
        { duration: "1m", target: 5 },
        { duration: "10s", target: 0 },
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
  return writeSummary("spike", data);
}
