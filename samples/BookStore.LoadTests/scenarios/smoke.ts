// Smoke test: one virtual user calls every endpoint without an LLM call for 30 s, to confirm that the API works
// and to record a baseline before a bigger run.
import { sleep } from "k6";
import type { Options } from "k6/options";
import { loadCatalogue } from "../lib/bookstore.ts";
import type { Catalogue } from "../lib/bookstore.ts";
import { CHECK_THRESHOLDS, STANDARD_THRESHOLDS, SUMMARY_TREND_STATS } from "../lib/config.ts";
import { browseCatalogue, checkOperations, editCatalogue } from "../lib/flows.ts";
import { writeSummary } from "../lib/summary.ts";
import type { SummaryData } from "../lib/summary.ts";

export const options: Options = {
  scenarios: {
    smoke: { executor: "constant-vus", vus: 1, duration: "30s" },
  },
  thresholds: { ...STANDARD_THRESHOLDS, ...CHECK_THRESHOLDS },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup(): Catalogue {
  return loadCatalogue();
}

export default function (catalogue: Catalogue): void {
  checkOperations();
  browseCatalogue(catalogue);
  editCatalogue();
  sleep(1);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return writeSummary("smoke", data);
}
