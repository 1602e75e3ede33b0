// Tests of the HTML report generator: the rendered page from the fixture summary, HTML escaping, and the command
// line on valid and invalid input.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { defaultOutputPath, scenarioNameOf } from "./generate-report.mjs";
import { SummaryFormatError, validateSummary } from "./read-summary.mjs";
import { collectThresholds, escapeHtml, renderReport, verdictOf } from "./render-html.mjs";

const FIXTURE_PATH = fileURLToPath(new URL("./fixtures/summary.json", import.meta.url));
const SCRIPT_PATH = fileURLToPath(new URL("./generate-report.mjs", import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), "k6-report-test-"));

after(() => rmSync(workDir, { recursive: true, force: true }));

/** Returns a fresh copy of the fixture, so a test can change it. */
function loadFixture() {
  return JSON.parse(readFileSync(FIXTURE_PATH, "utf8"));
}

function render(summary, scenario = "mixed") {
  return renderReport(summary, { scenario, source: "summary.json" });
}

/** Returns the HTML of the section with the given heading, or fails the test. */
function sectionOf(html, title) {
  const start = html.indexOf(`<h2>${title}</h2>`);
  assert.notEqual(start, -1, `no section ${title}`);
  return html.slice(start, html.indexOf("</section>", start));
}

/** Returns the rows (`<tr>...</tr>`) of a section whose first cell is the given metric name. */
function rowsOf(html, title, metricName) {
  const rows = sectionOf(html, title).match(/<tr>.*?<\/tr>/g) ?? [];
  return rows.filter((row) => row.startsWith(`<tr><td><code>${escapeHtml(metricName)}</code></td>`));
}

/** Returns the single row of a metric in a section, or fails the test. */
function rowOf(html, title, metricName) {
  const rows = rowsOf(html, title, metricName);
  assert.equal(rows.length, 1, `rows of ${metricName} in ${title}`);
  return rows[0];
}

/** Runs the command line and returns its exit code and output. */
function runCli(args) {
  const result = spawnSync(process.execPath, [SCRIPT_PATH, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeInput(name, text) {
  const path = join(workDir, name);
  writeFileSync(path, text, "utf8");
  return path;
}

describe("renderReport", () => {
  test("shows duration percentiles of each trend", () => {
    const html = render(loadFixture());

    const standard = rowOf(html, "Durations", "http_req_duration{type:standard}");
    assert.match(standard, />95\.10</, "p(90)");
    assert.match(standard, />131\.75</, "p(95)");
    assert.match(standard, />402\.50</, "p(99)");
    assert.match(standard, />4260</, "count");
    assert.ok(
      standard.endsWith(
        "<td>38.42</td><td>1.12</td><td>22.60</td><td>890.30</td><td>95.10</td><td>131.75</td><td>402.50</td><td>4260</td></tr>",
      ),
      "cells in the order avg, min, med, max, p(90), p(95), p(99), count",
    );

    const llm = rowOf(html, "Durations", "http_req_duration{type:llm}");
    assert.match(llm, />5210\.80</, "p(90)");
    assert.match(llm, />7480\.25</, "p(95)");
    assert.match(llm, />12840\.60</, "p(99)");
    assert.match(llm, />612\.40</, "med");
  });

  test("orders trend columns as k6 prints them", () => {
    const html = render(loadFixture());
    const header = sectionOf(html, "Durations").match(/<thead><tr>(.*?)<\/tr><\/thead>/)[1];
    assert.equal(
      header,
      ["Metric", "avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "count"].map((h) => `<th>${h}</th>`).join(""),
    );
  });

  test("shows request counts and rates", () => {
    const html = render(loadFixture());
    assert.match(rowOf(html, "Requests and other counters", "http_reqs"), /<td>4620<\/td><td>25\.49\/s<\/td>/);
    assert.match(rowOf(html, "Requests and other counters", "data_received"), /<td>18\.23 MB<\/td><td>100\.61 kB\/s<\/td>/);
    assert.match(rowOf(html, "Rates", "http_req_failed{type:llm}"), /<td>2\.50%<\/td><td>9<\/td><td>351<\/td>/);
    assert.match(html, /<dt>HTTP requests<\/dt><dd>4620 \(25\.49\/s\)<\/dd>/);
    assert.match(html, /<dt>Test run duration<\/dt><dd>181\.2 s<\/dd>/);
  });

  test("marks failing threshold as failed", () => {
    const html = render(loadFixture());
    const rows = rowsOf(html, "Thresholds", "http_req_duration{type:llm}");
    assert.equal(rows.length, 2);

    const failing = rows.find((row) => row.includes("p(99)&lt;12000"));
    assert.ok(failing, "row of p(99)<12000");
    assert.match(failing, /<td class="result-fail">FAIL<\/td>/);
    assert.match(failing, /p\(99\) = 12840\.60 ms/);

    const passing = rows.find((row) => row.includes("p(95)&lt;8000"));
    assert.ok(passing, "row of p(95)<8000");
    assert.match(passing, /<td class="result-pass">PASS<\/td>/);
  });

  test("gives failed verdict when one threshold fails", () => {
    const html = render(loadFixture());
    assert.match(html, /<p class="verdict verdict-fail">FAILED: 1 of 7 thresholds failed<\/p>/);
  });

  test("gives passed verdict when all thresholds pass", () => {
    const summary = loadFixture();
    summary.metrics["http_req_duration{type:llm}"].thresholds["p(99)<12000"].ok = true;
    const html = render(summary);
    assert.match(html, /<p class="verdict verdict-pass">PASSED: all 7 thresholds passed<\/p>/);
    assert.doesNotMatch(html, /result-fail">FAIL/);
  });

  test("gives no verdict without thresholds", () => {
    const summary = loadFixture();
    for (const metric of Object.values(summary.metrics)) {
      delete metric.thresholds;
    }
    const html = render(summary);
    assert.match(html, /verdict-none/);
    assert.match(html, /The run defined no thresholds\./);
  });

  test("escapes hostile metric name and scenario", () => {
    const summary = loadFixture();
    const hostile = `<script>alert("x")</script>`;
    summary.metrics[hostile] = {
      type: "trend",
      contains: "time",
      values: { avg: 1, min: 1, med: 1, max: 1, "p(90)": 1, "p(95)": 1, "p(99)": 1, count: 1 },
      thresholds: { [`p(95)<1 && '<img src=x onerror=alert(1)>'`]: { ok: false } },
    };
    summary.root_group.checks.push({ name: "<b>bold</b> check", passes: 1, fails: 0 });
    const html = render(summary, `<i>scenario</i>`);

    assert.ok(!html.includes("<script>"), "raw <script> tag in output");
    assert.ok(!html.includes("<img"), "raw <img> tag in output");
    assert.ok(!html.includes("<b>bold"), "raw <b> tag in output");
    assert.ok(!html.includes("<i>scenario"), "raw <i> tag in output");
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), "escaped metric name");
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"), "escaped threshold expression");
    assert.ok(html.includes("&#39;"), "escaped apostrophe");
    assert.ok(html.includes("<title>k6 report: &lt;i&gt;scenario&lt;/i&gt;</title>"), "escaped scenario name");
  });

  test("loads no external assets", () => {
    const html = render(loadFixture());
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\ssrc=|@import|url\(/i);
    assert.match(html, /<style>/);
  });

  test("lists checks with pass rates", () => {
    const html = render(loadFixture());
    assert.match(html, /<td class="text">summary: status 200<\/td><td>174<\/td><td>6<\/td><td class="result-fail">96\.67%<\/td>/);
    assert.match(html, /<td class="text">list books: status 200<\/td><td>1210<\/td><td>0<\/td><td class="result-pass">100\.00%<\/td>/);
  });

  test("shows n/a for null values", () => {
    const summary = loadFixture();
    summary.metrics["http_req_duration{type:llm}"].values["p(99)"] = null;
    const html = render(summary);
    assert.match(rowOf(html, "Durations", "http_req_duration{type:llm}"), /<td>n\/a<\/td><td>360<\/td>/);
  });
});

describe("escapeHtml", () => {
  test("replaces each markup character", () => {
    assert.equal(escapeHtml(`&<>"'`), "&amp;&lt;&gt;&quot;&#39;");
  });

  test("leaves plain text unchanged", () => {
    assert.equal(escapeHtml("http_req_duration{type:llm} p(95)"), "http_req_duration{type:llm} p(95)");
  });
});

describe("collectThresholds", () => {
  test("reads observed value of each aggregation", () => {
    const thresholds = collectThresholds(loadFixture());
    const failed = thresholds.find((threshold) => threshold.expression === "p(99)<12000");
    assert.equal(failed.ok, false);
    assert.equal(failed.stat, "p(99)");
    assert.equal(failed.observed, 12840.6);
    assert.equal(thresholds.find((threshold) => threshold.metric === "checks").observed, 0.9967);
    assert.equal(verdictOf(thresholds), "failed");
  });
});

describe("validateSummary", () => {
  const cases = [
    ["top-level array", [], /expected a JSON object at the top level, found an array/],
    ["missing metrics", {}, /"metrics" must be an object, found nothing/],
    ["unknown metric type", { metrics: { m: { type: "histogram", values: {} } } }, /metric "m" has type "histogram"/],
    ["missing values", { metrics: { m: { type: "trend", contains: "time" } } }, /metric "m" must have a "values" object/],
    ["text value", { metrics: { m: { type: "trend", values: { avg: "12ms" } } } }, /metric "m" has value "avg" "12ms", expected a number/],
    [
      "threshold without ok",
      { metrics: { m: { type: "rate", values: { rate: 0 }, thresholds: { "rate<0.01": { passed: true } } } } },
      /threshold "rate<0.01" must be an object with a boolean "ok"/,
    ],
    ["text duration", { metrics: {}, state: { testRunDurationMs: "3m" } }, /"state.testRunDurationMs" must be a number/],
    ["checks not array", { metrics: {}, root_group: { checks: {} } }, /"root_group.checks" must be an array/],
  ];

  for (const [name, data, message] of cases) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => validateSummary(data, "bad.json"),
        (error) => error instanceof SummaryFormatError && message.test(error.message) && error.message.includes('"bad.json"'),
      );
    });
  }

  test("accepts fixture", () => {
    assert.doesNotThrow(() => validateSummary(loadFixture(), "summary.json"));
  });
});

describe("command line", () => {
  test("writes report and exits zero", () => {
    const output = join(workDir, "fixture-report.html");
    const result = runCli([FIXTURE_PATH, "--output", output, "--scenario", "mixed"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Wrote .*fixture-report\.html \(thresholds: failed\)\./);
    const html = readFileSync(output, "utf8");
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.match(html, /<h1>k6 report: mixed<\/h1>/);
  });

  test("names report after summary file", () => {
    const input = writeInput("ai-load-summary.json", readFileSync(FIXTURE_PATH, "utf8"));
    const result = runCli([input]);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(join(workDir, "ai-load-report.html")));
    assert.match(readFileSync(join(workDir, "ai-load-report.html"), "utf8"), /<h1>k6 report: ai-load<\/h1>/);
  });

  test("exits 1 on malformed JSON", () => {
    const input = writeInput("malformed.json", '{"metrics": {');
    const result = runCli([input, "--output", join(workDir, "malformed.html")]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /The summary file ".*malformed\.json" is not valid JSON: /);
    assert.ok(!existsSync(join(workDir, "malformed.html")), "report written for malformed input");
  });

  test("exits 1 on JSON that is no summary", () => {
    const input = writeInput("not-summary.json", JSON.stringify({ metrics: { http_reqs: { type: "counter" } } }));
    const result = runCli([input, "--output", join(workDir, "not-summary.html")]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /is not a k6 summary: metric "http_reqs" must have a "values" object, found nothing\./);
    assert.match(result.stderr, /JSON\.stringify\(data\)/);
  });

  test("exits 1 on missing file", () => {
    const result = runCli([join(workDir, "absent-summary.json")]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Cannot read the summary file ".*absent-summary\.json": ENOENT/);
  });

  test("exits 2 without summary argument", () => {
    const result = runCli([]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Expected one summary file, got 0\./);
    assert.match(result.stderr, /Usage: /);
  });

  test("exits 2 on unknown option", () => {
    const result = runCli([FIXTURE_PATH, "--format", "pdf"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Unknown option '--format'/);
  });
});

describe("file names", () => {
  test("derive scenario from summary name", () => {
    assert.equal(scenarioNameOf("results/ai-smoke-summary.json"), "ai-smoke");
    assert.equal(scenarioNameOf("custom.json"), "custom");
  });

  test("put report next to summary", () => {
    assert.equal(defaultOutputPath(join("results", "smoke-summary.json")), join("results", "smoke-report.html"));
  });
});
