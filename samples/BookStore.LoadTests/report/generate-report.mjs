#!/usr/bin/env node
// Generates a self-contained HTML report from a k6 JSON summary that a scenario wrote with handleSummary().
//
//   node report/generate-report.mjs results/smoke-summary.json [--output FILE] [--scenario NAME]
//
// Exit codes: 0 when the report was written, even if thresholds failed, 1 when the summary file is missing,
// is not JSON or is not a k6 summary or the report cannot be written, 2 for invalid command-line arguments.
import { writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { SummaryFormatError, readSummary } from "./read-summary.mjs";
import { collectThresholds, renderReport, verdictOf } from "./render-html.mjs";

const USAGE = `Usage: node report/generate-report.mjs SUMMARY_JSON [--output FILE] [--scenario NAME]

Writes an HTML report of a k6 summary written by handleSummary().
  SUMMARY_JSON       summary file, such as results/smoke-summary.json
  --output FILE      HTML file to write; default: the summary path with -summary.json replaced by -report.html
  --scenario NAME    scenario name in the report title; default: the summary file name without -summary.json`;

/** Returns the scenario name of a summary file name: `results/ai-load-summary.json` gives `ai-load`. */
export function scenarioNameOf(summaryPath) {
  return basename(summaryPath).replace(/(-summary)?\.json$/i, "");
}

/** Returns the default report path, next to the summary: `results/smoke-summary.json` gives `results/smoke-report.html`. */
export function defaultOutputPath(summaryPath) {
  return join(dirname(summaryPath), `${scenarioNameOf(summaryPath)}-report.html`);
}

/**
 * Runs the command line and returns the process exit code. Messages go to `stdout` and `stderr` so that tests
 * can capture them.
 */
export async function main(argv, { stdout = process.stdout, stderr = process.stderr } = {}) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: "string", short: "o" },
        scenario: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }

  if (parsed.values.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    stderr.write(`Expected one summary file, got ${parsed.positionals.length}.\n\n${USAGE}\n`);
    return 2;
  }

  const summaryPath = parsed.positionals[0];
  const outputPath = parsed.values.output ?? defaultOutputPath(summaryPath);
  const scenario = parsed.values.scenario ?? scenarioNameOf(summaryPath);

  let summary;
  try {
    summary = await readSummary(summaryPath);
  } catch (error) {
    if (error instanceof SummaryFormatError) {
      stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  const html = renderReport(summary, { scenario, source: basename(summaryPath) });
  try {
    await writeFile(outputPath, html, "utf8");
  } catch (error) {
    stderr.write(`Cannot write the report "${outputPath}": ${error.message}\n`);
    return 1;
  }

  const verdict = verdictOf(collectThresholds(summary));
  stdout.write(`Wrote ${outputPath} (thresholds: ${verdict}).\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
