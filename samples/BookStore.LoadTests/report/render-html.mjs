// Renders a validated k6 summary as one self-contained HTML page: inline CSS, no scripts, no external assets.
// Every string that comes from the summary goes through escapeHtml().

/** Trend statistics in the order k6 prints them. Statistics outside this list follow in name order. */
const TREND_STAT_ORDER = ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "p(99.9)", "p(99.99)", "count"];

/** Aggregation and bound of a threshold expression such as `p(95)<500` or `rate<0.01`. */
const THRESHOLD_PATTERN = /^\s*([a-z]+(?:\(\s*[\d.]+\s*\))?)\s*(?:<=|>=|===|==|!=|<|>)/;

/** Suffix of the CSS class of each verdict, as in `verdict-fail`. */
const VERDICT_CSS_SUFFIX = { passed: "pass", failed: "fail", none: "none" };

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1f2328; }
  h1 { margin-bottom: 0.25rem; }
  section { overflow-x: auto; }
  h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.25rem; }
  table { border-collapse: collapse; margin-top: 0.5rem; }
  th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: right; white-space: nowrap; }
  th:first-child, td:first-child, .text { text-align: left; }
  thead th { background: #f6f8fa; }
  code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; }
  .verdict { display: inline-block; padding: 0.4rem 0.8rem; border-radius: 4px; font-weight: bold; }
  .verdict-pass { background: #dafbe1; color: #116329; }
  .verdict-fail { background: #ffebe9; color: #a40e26; }
  .verdict-none { background: #f6f8fa; color: #59636e; }
  .result-pass { color: #116329; font-weight: bold; }
  .result-fail { color: #a40e26; font-weight: bold; }
  .note { color: #59636e; font-size: 0.9rem; }
  dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
  dt { font-weight: bold; }
  dd { margin: 0; }
`;

/**
 * Replaces the characters that HTML treats as markup (`& < > " '`) with character references, so a value from
 * the summary is shown as text in element content and in quoted attributes.
 * @param {unknown} value
 * @returns {string}
 */
export function escapeHtml(value) {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * Lists every threshold of the summary with its metric, its result and the value that k6 compared.
 * @param {object} summary
 * @returns {{metric: string, expression: string, ok: boolean, observed: number | null | undefined, stat: string | undefined}[]}
 */
export function collectThresholds(summary) {
  const thresholds = [];
  for (const name of sortedMetricNames(summary)) {
    const metric = summary.metrics[name];
    for (const [expression, result] of Object.entries(metric.thresholds ?? {})) {
      const stat = THRESHOLD_PATTERN.exec(expression)?.[1].replace(/\s+/g, "");
      thresholds.push({ metric: name, expression, ok: result.ok, stat, observed: stat ? metric.values[stat] : undefined });
    }
  }
  return thresholds;
}

/**
 * Returns the overall verdict: "failed" when any threshold failed, "passed" when all passed, "none" without thresholds.
 * @param {ReturnType<typeof collectThresholds>} thresholds
 */
export function verdictOf(thresholds) {
  if (thresholds.length === 0) {
    return "none";
  }
  return thresholds.every((threshold) => threshold.ok) ? "passed" : "failed";
}

/**
 * Renders the report page.
 * @param {object} summary a summary that passed validateSummary()
 * @param {{scenario: string, source: string}} context scenario name and summary file name for the page header
 * @returns {string} the HTML document
 */
export function renderReport(summary, { scenario, source }) {
  const thresholds = collectThresholds(summary);
  const sections = [
    renderHeader(summary, thresholds, scenario, source),
    renderThresholds(thresholds, summary),
    renderTrends(summary, (metric) => metric.contains === "time", "Durations", "Values in milliseconds, except count."),
    renderTrends(summary, (metric) => metric.contains !== "time", "Other trends", ""),
    renderCounters(summary),
    renderRates(summary),
    renderGauges(summary),
    renderChecks(summary),
  ];

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>k6 report: ${escapeHtml(scenario)}</title>
<style>${STYLE}</style>
</head>
<body>
${sections.filter((section) => section !== "").join("\n")}
</body>
</html>
`;
}

function renderHeader(summary, thresholds, scenario, source) {
  const verdict = verdictOf(thresholds);
  const failed = thresholds.filter((threshold) => !threshold.ok).length;
  const verdictText = {
    passed: `PASSED: all ${thresholds.length} thresholds passed`,
    failed: `FAILED: ${failed} of ${thresholds.length} thresholds failed`,
    none: "NO THRESHOLDS: the run defined none, so there is no verdict",
  }[verdict];

  const requests = summary.metrics.http_reqs?.values;
  const failedRequests = summary.metrics.http_req_failed?.values;
  const durationMs = summary.state?.testRunDurationMs;
  const facts = [
    ["Test run duration", durationMs === undefined ? "not recorded" : formatSeconds(durationMs)],
    ["HTTP requests", requests ? `${formatCount(requests.count)} (${formatPerSecond(requests.rate)})` : "none"],
    ["Failed requests", failedRequests ? formatPercent(failedRequests.rate) : "not recorded"],
    ["Summary file", source],
  ];

  return `<header>
<h1>k6 report: ${escapeHtml(scenario)}</h1>
<p class="verdict verdict-${VERDICT_CSS_SUFFIX[verdict]}">${escapeHtml(verdictText)}</p>
<dl>
${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join("\n")}
</dl>
</header>`;
}

function renderThresholds(thresholds, summary) {
  if (thresholds.length === 0) {
    return `<section>\n<h2>Thresholds</h2>\n<p class="note">The run defined no thresholds.</p>\n</section>`;
  }

  const rows = thresholds.map((threshold) => {
    const metric = summary.metrics[threshold.metric];
    const observed =
      threshold.observed === undefined ? "" : `${threshold.stat} = ${formatStat(metric, threshold.stat, threshold.observed)}`;
    const result = threshold.ok
      ? `<td class="result-pass">PASS</td>`
      : `<td class="result-fail">FAIL</td>`;
    return (
      `<tr><td><code>${escapeHtml(threshold.metric)}</code></td>` +
      `<td class="text"><code>${escapeHtml(threshold.expression)}</code></td>` +
      `<td>${escapeHtml(observed)}</td>${result}</tr>`
    );
  });

  return table("Thresholds", ["Metric", "Threshold", "Observed", "Result"], rows, "", [1]);
}

function renderTrends(summary, predicate, title, note) {
  const names = sortedMetricNames(summary).filter(
    (name) => summary.metrics[name].type === "trend" && predicate(summary.metrics[name]),
  );
  if (names.length === 0) {
    return "";
  }

  const stats = orderedTrendStats(names.map((name) => summary.metrics[name]));
  const rows = names.map((name) => {
    const metric = summary.metrics[name];
    const cells = stats.map((stat) => `<td>${escapeHtml(formatTrendCell(metric, stat, metric.values[stat]))}</td>`);
    return `<tr><td><code>${escapeHtml(name)}</code></td>${cells.join("")}</tr>`;
  });

  return table(title, ["Metric", ...stats], rows, note);
}

function renderCounters(summary) {
  const names = metricNamesOfType(summary, "counter");
  const rows = names.map((name) => {
    const metric = summary.metrics[name];
    const total = metric.contains === "data" ? formatBytes(metric.values.count) : formatCount(metric.values.count);
    const rate =
      metric.contains === "data" ? `${formatBytes(metric.values.rate)}/s` : formatPerSecond(metric.values.rate);
    return `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(total)}</td><td>${escapeHtml(rate)}</td></tr>`;
  });
  return table("Requests and other counters", ["Metric", "Total", "Rate"], rows);
}

function renderRates(summary) {
  const names = metricNamesOfType(summary, "rate");
  const rows = names.map((name) => {
    const { rate, passes, fails } = summary.metrics[name].values;
    return (
      `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(formatPercent(rate))}</td>` +
      `<td>${escapeHtml(formatCount(passes))}</td><td>${escapeHtml(formatCount(fails))}</td></tr>`
    );
  });
  const note =
    "k6 counts a non-zero sample as a pass, so the passes of http_req_failed are the failed requests.";
  return table("Rates", ["Metric", "Rate", "Passes", "Fails"], rows, note);
}

function renderGauges(summary) {
  const names = metricNamesOfType(summary, "gauge");
  const rows = names.map((name) => {
    const { value, min, max } = summary.metrics[name].values;
    const cells = [value, min, max].map((number) => `<td>${escapeHtml(formatCount(number))}</td>`).join("");
    return `<tr><td><code>${escapeHtml(name)}</code></td>${cells}</tr>`;
  });
  return table("Gauges", ["Metric", "Last value", "Min", "Max"], rows);
}

function renderChecks(summary) {
  const checks = [];
  collectChecks(summary.root_group, [], checks);
  const rows = checks.map(({ path, check }) => {
    const total = check.passes + check.fails;
    const cssClass = check.fails === 0 ? "result-pass" : "result-fail";
    return (
      `<tr><td class="text">${escapeHtml(path)}</td><td>${escapeHtml(formatCount(check.passes))}</td>` +
      `<td>${escapeHtml(formatCount(check.fails))}</td>` +
      `<td class="${cssClass}">${escapeHtml(total === 0 ? "n/a" : formatPercent(check.passes / total))}</td></tr>`
    );
  });
  return table("Checks", ["Check", "Passes", "Fails", "Pass rate"], rows);
}

/** Adds the checks of a group and of its subgroups, each named with its group path such as `group › check`. */
function collectChecks(group, path, checks) {
  if (group === undefined) {
    return;
  }
  const groupPath = group.name ? [...path, group.name] : path;
  for (const check of group.checks ?? []) {
    checks.push({ path: [...groupPath, check.name].join(" › "), check });
  }
  for (const child of group.groups ?? []) {
    collectChecks(child, groupPath, checks);
  }
}

/**
 * Renders a section with a table, or nothing when there are no rows. The first column and the columns in
 * `textColumns` are left-aligned, the others contain numbers and are right-aligned.
 */
function table(title, headers, rows, note = "", textColumns = []) {
  if (rows.length === 0) {
    return "";
  }
  const head = headers
    .map((header, index) => `<th${textColumns.includes(index) ? ' class="text"' : ""}>${escapeHtml(header)}</th>`)
    .join("");
  const noteHtml = note ? `\n<p class="note">${escapeHtml(note)}</p>` : "";
  return `<section>
<h2>${escapeHtml(title)}</h2>${noteHtml}
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
</section>`;
}

/**
 * Returns the metric names sorted by UTF-16 code unit, the default of Array.prototype.sort(), so that a sub-metric
 * such as `http_req_duration{type:llm}` follows its parent metric.
 */
function sortedMetricNames(summary) {
  return Object.keys(summary.metrics).sort();
}

function metricNamesOfType(summary, type) {
  return sortedMetricNames(summary).filter((name) => summary.metrics[name].type === type);
}

function orderedTrendStats(metrics) {
  const present = new Set(metrics.flatMap((metric) => Object.keys(metric.values)));
  const known = TREND_STAT_ORDER.filter((stat) => present.has(stat));
  const others = [...present].filter((stat) => !TREND_STAT_ORDER.includes(stat)).sort();
  return [...known, ...others];
}

/** Formats a trend statistic without its unit, which the table note gives, so the columns stay narrow. */
function formatTrendCell(metric, stat, value) {
  if (value === undefined || value === null || stat === "count") {
    return formatCount(value);
  }
  return metric.contains === "time" ? value.toFixed(2) : formatStat(metric, stat, value);
}

/** Formats one value of a metric in the unit of the metric: ms for time trends, bytes for data, % for rates. */
function formatStat(metric, stat, value) {
  if (value === undefined || value === null) {
    return "n/a";
  }
  if (stat === "count" || metric.type === "gauge") {
    return formatCount(value);
  }
  if (metric.type === "rate" && stat === "rate") {
    return formatPercent(value);
  }
  if (metric.type === "counter" && stat === "rate") {
    return metric.contains === "data" ? `${formatBytes(value)}/s` : formatPerSecond(value);
  }
  if (metric.contains === "time") {
    return `${value.toFixed(2)} ms`;
  }
  if (metric.contains === "data") {
    return formatBytes(value);
  }
  return formatCount(value);
}

function formatCount(value) {
  if (value === undefined || value === null) {
    return "n/a";
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function formatPercent(rate) {
  return rate === undefined || rate === null ? "n/a" : `${(rate * 100).toFixed(2)}%`;
}

function formatPerSecond(rate) {
  return rate === undefined || rate === null ? "n/a" : `${rate.toFixed(2)}/s`;
}

function formatSeconds(milliseconds) {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/** Formats a byte count with decimal prefixes, as k6 prints data metrics. */
function formatBytes(bytes) {
  if (bytes === undefined || bytes === null) {
    return "n/a";
  }
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${formatCount(value)} B` : `${value.toFixed(2)} ${units[unit]}`;
}
