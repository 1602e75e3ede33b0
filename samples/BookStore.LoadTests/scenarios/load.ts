// Load test: the catalogue traffic of a normal busy period. 20 virtual users, each pausing 0.5 to 1.5 s between
// iterations, for 3 minutes after a 1-minute ramp-up.
import type { Options } from "k6/options";
import { loadCatalogue } from "../lib/bookstore.ts";
import type { Catalogue } from "../lib/bookstore.ts";
import { CHECK_THRESHOLDS, STANDARD_THRESHOLDS, SUMMARY_TREND_STATS } from "../lib/config.ts";
import { catalogueIteration } from "../lib/flows.ts";
import { writeSummary } from "../lib/summary.ts";
import type { SummaryData } from "../lib/summary.ts";

export const options: Options = {
  scenarios: {
    load: {
      executor: "ramping-vus",
      startVUs: 0,
      stages: [
        { duration: "1m", target: 20 },
        { duration: "3m", target: 20 },
        { duration: "30s", target: 0 },
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
  return writeSummary("load", data);
}
