// End-of-test output of every scenario: the k6 summary data as JSON for the report generator, and a short
// threshold list on standard output.

/**
 * One metric of the summary data that k6 passes to `handleSummary()`. The keys of `values` depend on the metric
 * type: `count` and `rate` for a counter, `rate`, `passes` and `fails` for a rate, `value`, `min` and `max` for a
 * gauge, and the `summaryTrendStats` for a trend. Source: "Custom summary" in the k6 documentation.
 */
export interface SummaryMetric {
  type: "counter" | "gauge" | "rate" | "trend";
  contains: "default" | "time" | "data";
  values: Record<string, number>;
  /** Result per threshold expression: `ok` is false when the run crossed the threshold. */
  thresholds?: Record<string, { ok: boolean }>;
}

/** The argument of `handleSummary()`, with the fields that this project reads. */
export interface SummaryData {
  metrics: Record<string, SummaryMetric>;
  state?: { testRunDurationMs?: number };
}

/** Returns the path, relative to the folder k6 runs in, of the JSON summary of a scenario. */
export function summaryPath(scenario: string): string {
  return `results/${scenario}-summary.json`;
}

/**
 * Builds the return value of `handleSummary()`: the full summary data in `results/<scenario>-summary.json` and a
 * threshold list on standard output. k6 prints its own summary only when a script exports no `handleSummary()`.
 */
export function writeSummary(scenario: string, data: SummaryData): Record<string, string> {
  return {
    stdout: formatThresholds(scenario, data),
    [summaryPath(scenario)]: JSON.stringify(data, null, 2),
  };
}

/** Formats one line per threshold, a verdict, the request counts and where the JSON summary went. */
export function formatThresholds(scenario: string, data: SummaryData): string {
  const lines: string[] = [];
  let failed = 0;
  let total = 0;
  for (const [metricName, metric] of Object.entries(data.metrics)) {
    for (const [expression, result] of Object.entries(metric.thresholds ?? {})) {
      total += 1;
      if (!result.ok) {
        failed += 1;
      }
      lines.push(`  ${result.ok ? "PASS" : "FAIL"}  ${metricName}  ${expression}`);
    }
  }

  const verdict = failed === 0 ? `all ${total} thresholds passed` : `${failed} of ${total} thresholds failed`;
  const requests = data.metrics["http_reqs"]?.values;
  const failedRate = data.metrics["http_req_failed"]?.values.rate;
  const seconds = (data.state?.testRunDurationMs ?? 0) / 1000;
  const output = [
    "",
    `BookStore ${scenario} scenario: ${verdict}.`,
    ...lines,
    requests
      ? `  Requests: ${requests.count} in ${seconds.toFixed(1)} s (${requests.rate.toFixed(2)}/s), ` +
        `failed: ${((failedRate ?? 0) * 100).toFixed(2)}%.`
      : "  Requests: none.",
    `  JSON summary: ${summaryPath(scenario)}. HTML report: npm run report -- ${summaryPath(scenario)}`,
    "",
  ];
  return output.join("\n");
}
