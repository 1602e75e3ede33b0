// AI smoke test: one virtual user runs 3 iterations of 3 summaries, a streamed summary and a search, to confirm that
// the LLM endpoints work before an AI load test.
import { sleep } from "k6";
import type { Options } from "k6/options";
import { loadCatalogue, pickBookId, searchBooks, streamSummary, summarizeBook } from "../lib/bookstore.ts";
import type { Catalogue } from "../lib/bookstore.ts";
import { CHECK_THRESHOLDS, LLM_THRESHOLDS, SUMMARY_TREND_STATS } from "../lib/config.ts";
import { pickSearchQuery } from "../lib/flows.ts";
import { writeSummary } from "../lib/summary.ts";
import type { SummaryData } from "../lib/summary.ts";

export const options: Options = {
  scenarios: {
    ai_smoke: { executor: "per-vu-iterations", vus: 1, iterations: 3, maxDuration: "5m" },
  },
  thresholds: { ...LLM_THRESHOLDS, ...CHECK_THRESHOLDS },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup(): Catalogue {
  return loadCatalogue();
}

export default function (catalogue: Catalogue): void {
  const bookId = pickBookId(catalogue);
  summarizeBook(bookId);
  summarizeBook(bookId, { model: "gpt-4o-mini", maxWords: 40 });
  // The simulated provider echoes a model it does not know, so this call produces usage for a model without a price.
  summarizeBook(bookId, { model: "acme-private-llm", maxWords: 40 });
  streamSummary(bookId, { maxWords: 60 });
  searchBooks(pickSearchQuery());
  sleep(1);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return writeSummary("ai-smoke", data);
}
